package dev.pacer.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The Jackson 2 configuration shared by request parsing, responses, server-sent events and webhooks. */
final class ApiJson {

    /** Deepest nesting a request may have. Valid requests are flat objects, so 16 leaves ample room. */
    static final int MAX_NESTING_DEPTH = 16;

    private static final ObjectMapper MAPPER = create();

    private ApiJson() {}

    /** Returns the shared mapper, which is thread safe because its configuration never changes. */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}

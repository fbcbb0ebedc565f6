package dev.pacer.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a request body as one JSON object. The checks run in this order:
 *
 * <ol>
 *   <li>The media type must be JSON in UTF-8, else 415.
 *   <li>The declared length and then the bytes read must stay within the limit, else 413. Reading
 *       stops at the limit, so a chunked body without a declared length is cut off too.
 *   <li>The bytes must be valid UTF-8, and the JSON a single valid value, at most
 *       {@value ApiJson#MAX_NESTING_DEPTH} levels deep and an object, else 400. {@link MalformedJson}
 *       describes each syntax error without the parser's own message.
 * </ol>
 */
final class JsonBody {

    /** Trailing content is checked after the first value, so that the problem can describe it in plain words. */
    private static final ObjectReader TREE_READER = ApiJson.mapper()
            .readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final long maxBytes;

    JsonBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Returns the body as a JSON object.
     *
     * @throws ProblemException for a wrong media type, an oversized, unreadable, non-UTF-8 or empty
     *     body, a body that is not one valid JSON value, or a JSON value that is not an object
     */
    ObjectNode readObject(Context ctx) {
        requireJson(ctx.header("Content-Type"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new ProblemException(Problems.bodyTooLarge(maxBytes));
        }

        String text = decodeUtf8(readCapped(ctx));
        if (text.isBlank()) {
            throw new ProblemException(Problems.malformedJson("body", "the body is empty: send a JSON object"));
        }

        JsonNode node = parseOneValue(text);
        if (!(node instanceof ObjectNode object)) {
            throw new ProblemException(Problems.malformedJson("body",
                    "the body is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not an object: send a JSON object"));
        }
        return object;
    }

    private static JsonNode parseOneValue(String text) {
        try (JsonParser parser = ApiJson.mapper().createParser(text)) {
            JsonNode node = TREE_READER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ProblemException(Problems.malformedJson("body",
                        "the body contains more than one JSON value: send exactly one JSON object"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ProblemException(MalformedJson.describe(e));
        } catch (IOException e) {
            // Parsing a String does no I/O, so only JsonProcessingException can occur.
            throw new UncheckedIOException("reading JSON from a string failed", e);
        }
    }

    private static void requireJson(String contentType) {
        if (contentType == null) {
            throw new ProblemException(Problems.unsupportedMediaType(null));
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            throw new ProblemException(Problems.unsupportedMediaType(contentType));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            boolean isCharset = parameter[0].strip().equalsIgnoreCase("charset");
            if (isCharset && (parameter.length < 2 || !unquote(parameter[1]).equalsIgnoreCase("utf-8"))) {
                throw new ProblemException(Problems.unsupportedMediaType(contentType));
            }
        }
    }

    private byte[] readCapped(Context ctx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            int read;
            while ((read = in.read(chunk)) != -1) {
                total += read;
                if (total > maxBytes) {
                    throw new ProblemException(Problems.bodyTooLarge(maxBytes));
                }
                out.write(chunk, 0, read);
            }
        } catch (IOException e) {
            // Jetty reports a broken chunked encoding or a body shorter than its Content-Length here.
            throw new ProblemException(Problems.malformedJson("body", "the body could not be read to its end after "
                    + total + " bytes: send the whole body with a correct Content-Length or chunked encoding"));
        }
        return out.toByteArray();
    }

    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ProblemException(Problems.malformedJson("body",
                    "the body is not valid UTF-8 (at byte " + in.position() + "): send the JSON encoded as UTF-8"));
        }
        String text = out.flip().toString();
        // RFC 8259 lets a parser ignore a byte order mark, and some clients still send one.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String unquote(String value) {
        String trimmed = value.strip();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }
}

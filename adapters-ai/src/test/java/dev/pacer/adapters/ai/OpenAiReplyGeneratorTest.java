package dev.pacer.adapters.ai;

import static dev.pacer.adapters.ai.TestMessages.aMessage;
import static dev.pacer.adapters.ai.TestMessages.assistantTurn;
import static dev.pacer.adapters.ai.TestMessages.userTurn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.adapters.ai.stub.RecordedCall;
import dev.pacer.adapters.ai.stub.StubAiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator's requests and replies against the stub server over real HTTP. */
class OpenAiReplyGeneratorTest {

    static final String API_KEY = "sk-test-5f1c0a9e7b3d4c21";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StubAiServer stub;
    private final List<OpenAiReplyGenerator> generators = new ArrayList<>();

    @BeforeEach
    void startStub() {
        stub = StubAiServer.start();
    }

    @AfterEach
    void stop() {
        generators.forEach(OpenAiReplyGenerator::close);
        stub.close();
    }

    @Test
    void returnsCompletionContent() throws Exception {
        OpenAiReplyGenerator generator = generator(settings());

        String reply = generator.generate(aMessage("hello there"), List.of());

        assertThat(reply).isEqualTo("reply to: hello there");
    }

    @Test
    void sendsHistoryInOrder() throws Exception {
        OpenAiReplyGenerator generator = generator(settings().withSystemPrompt("Be brief."));

        generator.generate(aMessage("third"), List.of(userTurn("first"), assistantTurn("answer to first")));

        JsonNode body = lastRequestBody();
        assertThat(body.path("model").asText()).isEqualTo("test-model");
        assertThat(roles(body)).containsExactly("system", "user", "assistant", "user");
        assertThat(contents(body)).containsExactly("Be brief.", "first", "answer to first", "third");
    }

    @Test
    void sendsDefaultSystemPrompt() throws Exception {
        OpenAiReplyGenerator generator = generator(settings());

        generator.generate(aMessage("hi"), List.of());

        JsonNode first = lastRequestBody().path("messages").get(0);
        assertThat(first.path("role").asText()).isEqualTo("system");
        assertThat(first.path("content").asText()).isEqualTo(OpenAiSettings.DEFAULT_SYSTEM_PROMPT);
    }

    @Test
    void blankSystemPromptSendsNoSystemMessage() throws Exception {
        OpenAiReplyGenerator generator = generator(settings().withSystemPrompt(""));

        generator.generate(aMessage("hi"), List.of());

        assertThat(roles(lastRequestBody())).containsExactly("user");
    }

    @Test
    void optionsOmittedUnlessSet() throws Exception {
        generator(settings()).generate(aMessage("hi"), List.of());
        JsonNode withoutOptions = lastRequestBody();

        generator(settings().withMaxTokens(64).withTemperature(0.2)).generate(aMessage("hi"), List.of());
        JsonNode withOptions = lastRequestBody();

        assertThat(withoutOptions.has("max_tokens")).isFalse();
        assertThat(withoutOptions.has("temperature")).isFalse();
        assertThat(withOptions.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(withOptions.path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void bearerStyleSendsAuthorizationHeader() throws Exception {
        stub.requireApiKey(API_KEY);
        OpenAiReplyGenerator generator = generator(settings().withAuthStyle(AuthStyle.BEARER));

        generator.generate(aMessage("hi"), List.of());

        RecordedCall call = stub.calls().getLast();
        assertThat(call.header("Authorization")).contains("Bearer " + API_KEY);
        assertThat(call.header("api-key")).isEmpty();
    }

    @Test
    void apiKeyStyleSendsApiKeyHeader() throws Exception {
        stub.requireApiKey(API_KEY);
        OpenAiReplyGenerator generator = generator(settings().withAuthStyle(AuthStyle.API_KEY_HEADER));

        generator.generate(aMessage("hi"), List.of());

        RecordedCall call = stub.calls().getLast();
        assertThat(call.header("api-key")).contains(API_KEY);
        assertThat(call.header("Authorization")).isEmpty();
    }

    @Test
    void missingApiKeySendsNoAuthHeader() throws Exception {
        OpenAiReplyGenerator generator = generator(settings().withApiKey(null));

        generator.generate(aMessage("hi"), List.of());

        RecordedCall call = stub.calls().getLast();
        assertThat(call.header("Authorization")).isEmpty();
        assertThat(call.header("api-key")).isEmpty();
    }

    @Test
    void baseUrlQueryStringIsKept() throws Exception {
        String azureStyle = "http://127.0.0.1:" + stub.port() + "/openai/deployments/chat-1?api-version=2024-06-01";
        OpenAiReplyGenerator generator = generator(OpenAiSettings.of(azureStyle, "test-model")
                .withApiKey(API_KEY)
                .withAuthStyle(AuthStyle.API_KEY_HEADER));

        String reply = generator.generate(aMessage("hi"), List.of());

        RecordedCall call = stub.calls().getLast();
        assertThat(reply).isEqualTo("reply to: hi");
        assertThat(call.path()).isEqualTo("/openai/deployments/chat-1/chat/completions");
        assertThat(call.query()).isEqualTo("api-version=2024-06-01");
    }

    @Test
    void callerInterruptStopsWaiting() throws Exception {
        stub.hangNext(1, Duration.ofSeconds(10));
        OpenAiReplyGenerator generator = generator(settings().withRequestTimeout(Duration.ofSeconds(20)));
        List<Throwable> outcome = new ArrayList<>();

        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                generator.generate(aMessage("hi"), List.of());
            } catch (Exception e) {
                outcome.add(e);
            }
        });
        Thread.sleep(200);
        caller.interrupt();
        caller.join(Duration.ofSeconds(2));

        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome).singleElement().isInstanceOf(InterruptedException.class);
    }

    private OpenAiSettings settings() {
        return OpenAiSettings.of(stub.baseUrl(), "test-model")
                .withApiKey(API_KEY)
                .withRequestTimeout(Duration.ofSeconds(5))
                .withConnectTimeout(Duration.ofSeconds(2));
    }

    private OpenAiReplyGenerator generator(OpenAiSettings settings) {
        OpenAiReplyGenerator generator = new OpenAiReplyGenerator(settings);
        generators.add(generator);
        return generator;
    }

    private JsonNode lastRequestBody() throws Exception {
        return JSON.readTree(stub.calls().getLast().requestBody());
    }

    private static List<String> roles(JsonNode body) {
        List<String> roles = new ArrayList<>();
        body.path("messages").forEach(message -> roles.add(message.path("role").asText()));
        return roles;
    }

    private static List<String> contents(JsonNode body) {
        List<String> contents = new ArrayList<>();
        body.path("messages").forEach(message -> contents.add(message.path("content").asText()));
        return contents;
    }
}

package dev.pacer.adapters.ai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.domain.Message;
import dev.pacer.domain.Speaker;
import dev.pacer.domain.Turn;
import java.util.ArrayList;
import java.util.List;

/** The JSON of the chat completion API: the request body written and the reply text read. */
final class ChatCompletionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChatCompletionJson() {}

    /** The request body of {@code POST /chat/completions}. Null options are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(
            String model,
            List<ChatMessage> messages,
            @JsonProperty("max_tokens") Integer maxTokens,
            Double temperature) {}

    /** One entry of the request's {@code messages} list. */
    record ChatMessage(String role, String content) {}

    /** A 2xx response whose body contains no usable reply. */
    static final class MalformedResponseException extends Exception {
        MalformedResponseException(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    /**
     * Writes the request body: the system prompt, then the history oldest first, then the message
     * as the last user turn.
     */
    static byte[] requestBody(OpenAiSettings settings, Message message, List<Turn> history) {
        List<ChatMessage> messages = new ArrayList<>(history.size() + 2);
        if (!settings.systemPrompt().isBlank()) {
            messages.add(new ChatMessage("system", settings.systemPrompt()));
        }
        for (Turn turn : history) {
            messages.add(new ChatMessage(roleOf(turn.speaker()), turn.text()));
        }
        // NOTE: a proactive message is sent as a user turn too. Whether its text would work
        // better as an instruction in a system message is not decided yet.
        messages.add(new ChatMessage("user", message.text()));

        Request request = new Request(settings.model(), messages, settings.maxTokens(), settings.temperature());
        try {
            return MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            // Strings, lists and numbers always serialize, so this is a bug rather than bad input.
            throw new IllegalStateException("could not write the chat completion request", e);
        }
    }

    /**
     * Reads {@code choices[0].message.content}, stripped of surrounding whitespace.
     *
     * @throws MalformedResponseException if the body is not JSON, has no choices, or the content
     *     is missing, not a string or blank
     */
    static String replyText(String body) throws MalformedResponseException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException("the body is not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("the body is not a JSON object", null);
        }

        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new MalformedResponseException("the body has no choices", null);
        }
        JsonNode content = choices.get(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new MalformedResponseException("choices[0].message.content is missing or not a string", null);
        }
        if (content.asText().isBlank()) {
            throw new MalformedResponseException("choices[0].message.content is blank", null);
        }
        return content.asText().strip();
    }

    private static String roleOf(Speaker speaker) {
        return switch (speaker) {
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }
}

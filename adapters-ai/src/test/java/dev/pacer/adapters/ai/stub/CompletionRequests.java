package dev.pacer.adapters.ai.stub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/** The checks the stub applies to a chat completion request body, as the real API would. */
final class CompletionRequests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private CompletionRequests() {}

    /**
     * Parses and checks the body.
     *
     * @throws IllegalArgumentException naming the first problem, which the stub returns with a 400
     */
    static JsonNode validate(String body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The request body must be a JSON object");
        }
        if (!root.path("model").isTextual() || root.path("model").asText().isBlank()) {
            throw new IllegalArgumentException("Missing required parameter: 'model'");
        }
        JsonNode messages = root.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' must be a non-empty array");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!ROLES.contains(message.path("role").asText())) {
                throw new IllegalArgumentException("Invalid value for 'messages[" + i + "].role'");
            }
            if (!message.path("content").isTextual()) {
                throw new IllegalArgumentException(
                        "'messages[" + i + "].content' must be a string because the stub accepts no content parts");
            }
        }
        return root;
    }

    /** Returns the content of the last {@code user} message, or null if there is none. */
    static String lastUserMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").asText();
            }
        }
        return null;
    }

    static int wordCount(String text) {
        return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
}

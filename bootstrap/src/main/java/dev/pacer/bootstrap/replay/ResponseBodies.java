package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Fields of Pacer's JSON response bodies, and short descriptions of its RFC 9457 problem-details errors. */
final class ResponseBodies {

    static final int MAX_PROBLEM_LENGTH = 200;

    private ResponseBodies() {}

    /**
     * Returns the problem's {@code detail}, else its {@code title}, else the start of the body when
     * it is not problem JSON, cut to {@link #MAX_PROBLEM_LENGTH} characters.
     */
    static String describeProblem(String body, ObjectMapper mapper) {
        String description = field(body, "detail", mapper);
        if (description == null) {
            description = field(body, "title", mapper);
        }
        if (description == null) {
            description = body.strip();
        }
        if (description.length() <= MAX_PROBLEM_LENGTH) {
            return description;
        }
        return description.substring(0, MAX_PROBLEM_LENGTH - 3) + "...";
    }

    /** Returns a non-empty top-level string or number field of a JSON object, or null. */
    static String field(String json, String name, ObjectMapper mapper) {
        try {
            JsonNode root = mapper.readTree(json);
            if (root == null) {
                return null;
            }
            JsonNode value = root.path(name);
            return value.isValueNode() && !value.asText().isEmpty() ? value.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

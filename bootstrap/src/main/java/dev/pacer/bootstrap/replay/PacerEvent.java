package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A typing or reply event from Pacer, as a server-sent event's data or a webhook body:
 * {@code {"type", "botId", "userId", "chatId", "text"?, "inReplyTo": [messageIds], "at"}}.
 *
 * <p>Only the fields the checks use are kept. The event's {@code at} comes from Pacer's clock, so
 * the tool times events by their arrival instead.
 *
 * @param inReplyTo the messages the event is about, at least one; a reply may answer several
 */
record PacerEvent(String type, String botId, String userId, String chatId, List<String> inReplyTo) {

    static final String TYPING = "typing";
    static final String REPLY = "reply";

    PacerEvent {
        Objects.requireNonNull(type, "type");
        inReplyTo = List.copyOf(inReplyTo);
    }

    boolean isReply() {
        return type.equals(REPLY);
    }

    /**
     * Parses an event body. The server-sent event name, when it is {@code typing} or {@code reply},
     * takes precedence over the {@code type} field.
     *
     * @param eventName the server-sent event name, or null for a webhook body
     * @return the event, or empty when it is neither a typing nor a reply event
     * @throws MalformedEventException when the body is not JSON or has no message ids in {@code inReplyTo}
     */
    static Optional<PacerEvent> parse(String eventName, String body, ObjectMapper mapper)
            throws MalformedEventException {
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("the event data is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new MalformedEventException("the event data is not a JSON object");
        }

        String type = isKnownType(eventName) ? eventName : json.path("type").asText(null);
        if (!isKnownType(type)) {
            return Optional.empty();
        }

        JsonNode ids = json.path("inReplyTo");
        List<String> inReplyTo = new ArrayList<>();
        if (ids.isArray()) {
            ids.forEach(id -> {
                if (id.isValueNode() && !id.isNull()) {
                    inReplyTo.add(id.asText());
                }
            });
        }
        if (inReplyTo.isEmpty()) {
            throw new MalformedEventException("the " + type + " event has no message ids in inReplyTo");
        }
        return Optional.of(new PacerEvent(type, text(json, "botId"), text(json, "userId"), text(json, "chatId"),
                inReplyTo));
    }

    private static boolean isKnownType(String type) {
        return TYPING.equals(type) || REPLY.equals(type);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** An event body that cannot be used. The exception message gives the reason. */
    static final class MalformedEventException extends Exception {

        MalformedEventException(String message) {
            super(message);
        }
    }
}

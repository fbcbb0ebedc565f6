package dev.pacer.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pacer.application.EnqueueMessage;
import dev.pacer.domain.Ids;
import dev.pacer.domain.InvalidInputException;
import dev.pacer.domain.MessageType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body of {@code POST /v1/messages}, checked field by field so that one response lists every
 * invalid field.
 *
 * <p>Ids are strings. A JSON integer is also accepted for an id and read as its decimal digits,
 * because chat platforms such as Telegram send numeric user and chat ids. Fractions, booleans,
 * objects and arrays are rejected. A JSON {@code null} counts as an absent field. Unknown fields
 * are rejected so that a misspelled optional field ({@code messageID}) cannot be dropped silently.
 */
final class EnqueueRequest {

    private static final List<String> FIELDS = List.of("botId", "userId", "chatId", "text", "messageId", "type");
    private static final Set<String> KNOWN = Set.copyOf(FIELDS);

    private final ObjectNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private EnqueueRequest(ObjectNode body) {
        this.body = body;
    }

    /**
     * Converts the body to a command.
     *
     * @throws ProblemException listing every invalid field when any is invalid
     */
    static EnqueueMessage.Command toCommand(ObjectNode body) {
        return new EnqueueRequest(body).convert();
    }

    private EnqueueMessage.Command convert() {
        rejectUnknownFields();
        String botId = id("botId", false);
        String userId = id("userId", true);
        String chatId = id("chatId", true);
        String messageId = id("messageId", false);
        String text = text();
        String type = type();
        if (!errors.isEmpty()) {
            throw new ProblemException(Problems.invalidRequest(errors));
        }
        return new EnqueueMessage.Command(botId, userId, chatId, text, messageId, type);
    }

    private void rejectUnknownFields() {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                errors.add(new FieldError(name, "unknown field " + name + ": remove it, the accepted fields are "
                        + String.join(", ", FIELDS)));
            }
        }
    }

    private String id(String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(field, field + " is missing: send a non-empty id"));
            }
            return null;
        }
        String value;
        if (node.isTextual()) {
            value = node.textValue();
        } else if (node.isIntegralNumber()) {
            value = node.bigIntegerValue().toString();
        } else {
            errors.add(new FieldError(field, field + " must be a string (a JSON integer is also accepted), not "
                    + describe(node)));
            return null;
        }
        try {
            return Ids.requireValid(field, value);
        } catch (InvalidInputException e) {
            errors.add(new FieldError(e.field(), e.getMessage()));
            return null;
        }
    }

    private String text() {
        JsonNode node = body.get("text");
        if (node == null || node.isNull()) {
            errors.add(new FieldError("text", "text is missing: send the user's message text"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("text", "text must be a string, not " + describe(node)));
            return null;
        }
        String text = node.textValue();
        if (hasUnpairedSurrogate(text)) {
            errors.add(new FieldError("text",
                    "text contains an unpaired UTF-16 surrogate escape (\\uD800 to \\uDFFF): send valid Unicode"));
            return null;
        }
        // Blank and over-long texts are rejected by EnqueueMessage with the configured limit.
        return text;
    }

    private String type() {
        JsonNode node = body.get("type");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("type", "type must be the string \"regular\" or \"proactive\", not " + describe(node)));
            return null;
        }
        try {
            MessageType.parse(node.textValue());
            return node.textValue();
        } catch (InvalidInputException e) {
            errors.add(new FieldError(e.field(), e.getMessage()));
            return null;
        }
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> node.isIntegralNumber() ? "a number" : "a number with a fraction or exponent";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}

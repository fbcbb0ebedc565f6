package dev.pacer.domain;

import java.util.Locale;

/** Whether a message came from the user or was scheduled by the bot to start a conversation. */
public enum MessageType {
    REGULAR,
    PROACTIVE;

    /**
     * Parses the wire name ({@code regular} or {@code proactive}); null means {@link #REGULAR}.
     *
     * @throws InvalidInputException for any other value
     */
    public static MessageType parse(String value) {
        if (value == null) {
            return REGULAR;
        }
        return switch (value) {
            case "regular" -> REGULAR;
            case "proactive" -> PROACTIVE;
            default -> throw new InvalidInputException("type", "type must be \"regular\" or \"proactive\"");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

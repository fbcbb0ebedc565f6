package dev.pacer.domain;

/** The bounds on a message's text. */
public record TextLimits(int maxLength) {

    public static final int DEFAULT_MAX_LENGTH = 4096;

    public TextLimits {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1: " + maxLength);
        }
    }

    /**
     * Returns {@code text} if it may be queued.
     *
     * @throws InvalidInputException if the text is missing, blank or longer than {@link #maxLength}
     *     (counted in Unicode code points, so an emoji counts once)
     */
    public String requireValid(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "text is empty: send the user's message text");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxLength) {
            throw new InvalidInputException(
                    "text", "text is " + length + " characters long: the maximum is " + maxLength);
        }
        return text;
    }
}

package dev.pacer.domain;

import java.util.regex.Pattern;

/**
 * The rule for every id Pacer accepts from outside: bot, user, chat and message ids.
 *
 * <p>An id is 1 to {@value #MAX_LENGTH} characters from {@code A-Z a-z 0-9 _ - . @}. The set
 * covers numeric Telegram ids (including negative group ids), UUIDs and e-mail-like handles, and
 * leaves out the characters that mean something in Redis keys and patterns ({@code { } : * ?}),
 * whitespace and control characters.
 */
public final class Ids {

    public static final int MAX_LENGTH = 128;
    public static final String SAFE_CHARACTERS = "A-Z a-z 0-9 _ - . @";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.@-]+");

    private Ids() {}

    /**
     * Returns {@code value} if it is a valid id.
     *
     * @throws InvalidInputException naming {@code field} if the id is missing, too long or holds
     *     a character outside the safe set
     */
    public static String requireValid(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field, field + " is missing: send a non-empty id");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(
                    field,
                    field + " is " + value.length() + " characters long: the maximum is " + MAX_LENGTH);
        }
        if (!SAFE.matcher(value).matches()) {
            throw new InvalidInputException(
                    field, field + " contains a character outside the safe set: use only " + SAFE_CHARACTERS);
        }
        return value;
    }
}

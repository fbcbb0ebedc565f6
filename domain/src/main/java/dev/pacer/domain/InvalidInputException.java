package dev.pacer.domain;

/**
 * A value from outside that breaks a domain rule. It names the offending field and says how to fix
 * it, so an API can turn it into a precise client error without parsing the message.
 */
public final class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** Name of the offending field, as the caller spelled it (for example {@code userId}). */
    public String field() {
        return field;
    }
}

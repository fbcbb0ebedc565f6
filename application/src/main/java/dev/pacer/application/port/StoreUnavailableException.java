package dev.pacer.application.port;

/**
 * The store could not be reached or did not answer in time. Nothing is known to have changed;
 * the caller may try again later.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

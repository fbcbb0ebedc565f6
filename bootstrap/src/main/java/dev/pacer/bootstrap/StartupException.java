package dev.pacer.bootstrap;

/** Pacer cannot start with its configuration; the message states why and what to change. */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }
}

package dev.pacer.bootstrap.replay;

/** A replay that could not start or continue, such as one against an unreachable Pacer. The tool exits with 1. */
final class ReplayFailedException extends Exception {

    ReplayFailedException(String message) {
        super(message);
    }

    ReplayFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

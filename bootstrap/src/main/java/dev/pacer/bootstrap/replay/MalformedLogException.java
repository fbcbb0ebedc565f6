package dev.pacer.bootstrap.replay;

/** A chat log that breaks its format. The exception message names the line or log message and the fix. */
final class MalformedLogException extends Exception {

    MalformedLogException(String message) {
        super(message);
    }

    MalformedLogException(String message, Throwable cause) {
        super(message, cause);
    }

    static MalformedLogException atLine(int line, String problem) {
        return new MalformedLogException("line " + line + ": " + problem);
    }
}

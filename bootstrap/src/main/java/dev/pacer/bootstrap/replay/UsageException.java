package dev.pacer.bootstrap.replay;

/** Invalid command-line input or an unreadable log: the replay stops before it sends anything and exits with 2. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}

package dev.pacer.domain;

import java.time.Instant;
import java.util.Objects;

/** One line of a conversation's history, as the AI sees it. */
public record Turn(Speaker speaker, String text, Instant at) {

    public Turn {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}

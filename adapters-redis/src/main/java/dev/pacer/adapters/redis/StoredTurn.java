package dev.pacer.adapters.redis;

import dev.pacer.domain.Speaker;
import dev.pacer.domain.Turn;
import java.time.Instant;

/**
 * A history turn as it is stored in a conversation's history list.
 *
 * @param speaker the {@link Speaker} name
 * @param at ISO-8601 instant
 */
record StoredTurn(String speaker, String text, String at) {

    static StoredTurn from(Turn turn) {
        return new StoredTurn(turn.speaker().name(), turn.text(), turn.at().toString());
    }

    Turn toDomain() {
        return new Turn(Speaker.valueOf(speaker), text, Instant.parse(at));
    }

    static String write(Turn turn) {
        return StoredJson.write(from(turn));
    }
}

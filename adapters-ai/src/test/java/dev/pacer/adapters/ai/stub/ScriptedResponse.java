package dev.pacer.adapters.ai.stub;

import java.time.Duration;

/** A one-shot response the stub gives to one upcoming call in place of a normal completion. */
sealed interface ScriptedResponse {

    /** A response with {@code status}, an OpenAI error body unless {@code body} is given, and an optional Retry-After. */
    record Fail(int status, String retryAfter, String body) implements ScriptedResponse {}

    /** A normal response after {@code delay}, if the client is still connected. */
    record Hang(Duration delay) implements ScriptedResponse {}

    /** A 200 with {@code body} as it is, valid completion or not. */
    record RawBody(String body) implements ScriptedResponse {}

    /** A normal completion whose headers are sent at once and whose body follows after {@code delay}. */
    record StallBody(Duration delay) implements ScriptedResponse {}
}

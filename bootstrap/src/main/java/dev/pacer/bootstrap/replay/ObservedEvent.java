package dev.pacer.bootstrap.replay;

import java.time.Duration;

/**
 * An event as the tool received it.
 *
 * @param sequence arrival order over all chats, starting at 0; events of one chat arrive in the
 *     order Pacer sent them, because one stream or one sequential sender carries them
 * @param receivedAt arrival time since the start of the run
 */
record ObservedEvent(long sequence, Duration receivedAt, PacerEvent event) {}

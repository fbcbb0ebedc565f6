package dev.pacer.bootstrap.replay;

import java.util.function.BiConsumer;

/**
 * Splits a {@code text/event-stream} body, fed line by line, into events, following the
 * server-sent events rules of the WHATWG HTML standard: {@code event:} names the event,
 * {@code data:} lines are joined with line feeds, a line starting with {@code :} is a comment, and
 * an empty line dispatches the event. An event without data is dropped. The fields {@code id} and
 * {@code retry} are ignored.
 */
final class SseParser {

    private final BiConsumer<String, String> onEvent;
    private String eventName = "";
    private StringBuilder data;

    /** @param onEvent receives the event name ({@code message} when none is given) and the data */
    SseParser(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    void accept(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }

        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }

        switch (field) {
            case "event" -> eventName = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // id, retry and unknown fields do not affect the events the tool checks.
            }
        }
    }

    private void dispatch() {
        if (data != null) {
            onEvent.accept(eventName.isEmpty() ? "message" : eventName, data.toString());
        }
        eventName = "";
        data = null;
    }
}

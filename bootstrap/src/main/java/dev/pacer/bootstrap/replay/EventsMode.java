package dev.pacer.bootstrap.replay;

/** The transport that delivers Pacer's typing and reply events to the replay tool. */
enum EventsMode {
    /** One {@code GET /v1/chats/{chatId}/events} server-sent event stream per chat. */
    SSE,
    /** A local HTTP receiver that Pacer's {@code PACER_WEBHOOK_URL} points to. */
    WEBHOOK
}

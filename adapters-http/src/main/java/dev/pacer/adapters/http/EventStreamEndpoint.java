package dev.pacer.adapters.http;

import dev.pacer.domain.Ids;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;

/** {@code GET /v1/chats/{chatId}/events}: server-sent {@code typing} and {@code reply} events of one chat. */
final class EventStreamEndpoint {

    private static final String EVENT_STREAM = "text/event-stream";

    private final SseChatEvents chatEvents;

    EventStreamEndpoint(SseChatEvents chatEvents) {
        this.chatEvents = chatEvents;
    }

    /**
     * Validates the request while a problem response is still possible, then keeps the response
     * open and streams events until the client leaves or the server stops.
     */
    void stream(Context ctx) throws Exception {
        String chatId = Ids.requireValid("chatId", ctx.pathParam("chatId"));
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains(EVENT_STREAM)) {
            throw new ProblemException(Problems.notAcceptable(
                    "this endpoint sends server-sent events: send Accept: " + EVENT_STREAM));
        }

        SseSubscription subscription = chatEvents.subscribe(chatId);
        try {
            // A timeout of 0 keeps the asynchronous response open until the stream ends.
            new SseHandler(0, client -> chatEvents.stream(subscription, client)).handle(ctx);
        } catch (Exception | Error e) {
            chatEvents.unsubscribe(subscription);
            throw e;
        }
    }
}

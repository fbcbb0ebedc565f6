package dev.pacer.adapters.http;

import dev.pacer.application.InspectQueues;
import dev.pacer.application.ReplayDeadLetters;
import dev.pacer.application.port.ReplayOutcome;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.Ids;
import dev.pacer.domain.Message;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/** {@code GET /v1/dead-letters}, {@code POST /v1/dead-letters/{id}/replay}, {@code DELETE /v1/dead-letters/{id}}. */
final class DeadLetterEndpoints {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    record DeadLettersResponse(List<DeadLetterView> deadLetters) {}

    /**
     * One dead letter. The shared mapper leaves null fields out of the JSON, so the message fields
     * are absent when the stored entry could not be read, and {@code rawPayload}, the entry as
     * stored, is present only then.
     */
    record DeadLetterView(
            String id,
            String botId,
            String userId,
            String messageId,
            String chatId,
            String text,
            String type,
            String rawPayload,
            String reason,
            String error,
            int attempts,
            String deadAt) {

        static DeadLetterView from(DeadLetter letter) {
            Message message = letter.message();
            return new DeadLetterView(
                    letter.id(),
                    letter.conversation().botId(),
                    letter.conversation().userId(),
                    message == null ? null : message.id(),
                    message == null ? null : message.chatId(),
                    message == null ? null : message.text(),
                    message == null ? null : message.type().wireName(),
                    letter.rawPayload(),
                    letter.reason().name().toLowerCase(Locale.ROOT),
                    letter.error(),
                    letter.attempts(),
                    letter.deadAt().toString());
        }
    }

    record ReplayResponse(String deadLetterId, String messageId, long queuePosition) {}

    private final InspectQueues inspectQueues;
    private final ReplayDeadLetters replayDeadLetters;

    DeadLetterEndpoints(InspectQueues inspectQueues, ReplayDeadLetters replayDeadLetters) {
        this.inspectQueues = inspectQueues;
        this.replayDeadLetters = replayDeadLetters;
    }

    /** Lists dead letters oldest first, at most {@code ?limit=} of them (1 to 1000, default 100). */
    void list(Context ctx) {
        int limit = limit(ctx.queryParam("limit"));

        List<DeadLetterView> letters = inspectQueues.deadLetters(limit).stream()
                .map(DeadLetterView::from)
                .toList();

        ctx.json(new DeadLettersResponse(letters));
    }

    /** Queues a dead letter's message again: 202, 404 when unknown, 409 when it cannot be read. */
    void replay(Context ctx) {
        String id = Ids.requireValid("id", ctx.pathParam("id"));

        ReplayOutcome outcome = replayDeadLetters.replay(id);

        switch (outcome) {
            case ReplayOutcome.Requeued requeued -> ctx.status(202).json(
                    new ReplayResponse(requeued.deadLetterId(), requeued.messageId(), requeued.queuePosition()));
            case ReplayOutcome.NotFound notFound -> throw notFound(notFound.deadLetterId());
            case ReplayOutcome.Unreadable unreadable ->
                    throw new ProblemException(Problems.deadLetterUnreadable(unreadable.deadLetterId()));
        }
    }

    /** Deletes a dead letter: 204, or 404 when unknown. */
    void delete(Context ctx) {
        String id = Ids.requireValid("id", ctx.pathParam("id"));

        if (!inspectQueues.deleteDeadLetter(id)) {
            throw notFound(id);
        }
        ctx.status(204);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problems.notFound(
                "no dead letter has id " + id + ", because it was replayed, deleted or evicted: list them with GET /v1/dead-letters"));
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        String rule = "limit must be a whole number from 1 to " + MAX_LIMIT;
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new ProblemException(Problems.invalidField("limit", rule + ", not " + limit));
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new ProblemException(Problems.invalidField("limit", rule));
        }
    }
}

package dev.pacer.bootstrap.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The outcome of a replay: what was sent, what came back and which of Pacer's promises broke.
 *
 * @param deliveries event deliveries that were not recorded as events
 * @param replyDelay per accepted message with a reply, the arrival of its first reply minus the
 *     start of its POST; never negative, because no reply can arrive before its request left
 * @param replyGap per conversation, the time between two consecutive replies
 * @param sendLateness per sent message, how long after its planned time the request started
 * @param findings the first {@link SummaryCalculator#MAX_FINDINGS_PER_KIND} messages of each kind of
 *     finding, in log order
 */
record ReplaySummary(
        RunInfo run,
        MessageCounts messages,
        ReplyChecks replies,
        EventSourceStats deliveries,
        DelayStats replyDelay,
        DelayStats replyGap,
        DelayStats sendLateness,
        List<Finding> findings) {

    ReplaySummary {
        findings = List.copyOf(findings);
    }

    /** The run's settings, as shown in the summary. */
    record RunInfo(String file, String format, String url, String events, String runId, String botId) {}

    /**
     * Counts of the log's messages by outcome.
     *
     * @param rejectedByStatus rejections by HTTP status
     * @param problemByStatus the problem detail of the first rejection with each status
     * @param failedByReason requests without an HTTP response, by exception class
     */
    record MessageCounts(
            int read,
            int skippedEmpty,
            int beyondLimit,
            int sent,
            int accepted,
            int rejected,
            SortedMap<Integer, Integer> rejectedByStatus,
            SortedMap<Integer, String> problemByStatus,
            int failed,
            SortedMap<String, Integer> failedByReason) {}

    /**
     * The replies received and the promises checked on them, per conversation (bot and user).
     *
     * @param answered accepted messages with at least one reply
     * @param lost accepted messages without a reply when the wait ended
     * @param duplicateReplies reply events beyond the first that named an already answered message
     * @param orderViolations messages whose first reply arrived before the first reply to a message
     *     of the same conversation that was accepted earlier
     * @param overlaps messages with a typing or reply event that arrived before the reply to a
     *     message of the same conversation that was accepted earlier; every order violation is
     *     also an overlap
     * @param unrelatedEvents events that named no message accepted in this run
     */
    record ReplyChecks(
            int conversations,
            int replyEvents,
            int typingEvents,
            int answered,
            int lost,
            int duplicateReplies,
            int orderViolations,
            int overlaps,
            int unrelatedEvents) {}

    /** One message that broke a promise, with a sentence on what was observed. */
    record Finding(Kind kind, String userId, String messageId, String detail) {

        enum Kind {
            LOST,
            ORDER,
            OVERLAP,
            DUPLICATE,
        }
    }

    /**
     * Returns whether Pacer kept its promises: nothing lost, out of order or overlapping, and every
     * send got an HTTP response. Rejections and duplicates are reported but do not fail the run,
     * because Pacer may reject with 503 when its store is down and may repeat a reply after a crash.
     */
    boolean ok() {
        return replies.lost() == 0 && replies.orderViolations() == 0 && replies.overlaps() == 0
                && messages.failed() == 0;
    }

    /** Returns the reasons the run failed, as counted phrases such as "2 lost", empty when it is OK. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        addCount(failures, replies.lost(), "lost", "lost");
        addCount(failures, replies.orderViolations(), "order violation", "order violations");
        addCount(failures, replies.overlaps(), "overlap", "overlaps");
        addCount(failures, messages.failed(), "send without response", "sends without response");
        return failures;
    }

    private static void addCount(List<String> phrases, int count, String singular, String plural) {
        if (count > 0) {
            phrases.add(count + " " + (count == 1 ? singular : plural));
        }
    }
}

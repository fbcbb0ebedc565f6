package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pacer.bootstrap.replay.ReplaySummary.Finding;
import dev.pacer.bootstrap.replay.ReplaySummary.MessageCounts;
import dev.pacer.bootstrap.replay.ReplaySummary.ReplyChecks;
import dev.pacer.bootstrap.replay.ReplaySummary.RunInfo;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Formats a {@link ReplaySummary} as pretty-printed JSON with a fixed field order. Durations are
 * whole milliseconds, and a statistic without samples is null.
 */
final class SummaryJson {

    private SummaryJson() {}

    static String format(ReplaySummary summary, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", summary.ok());
        root.set("run", run(summary.run(), mapper));
        root.set("messages", messages(summary.messages(), mapper));
        root.set("replies", replies(summary.replies(), mapper));
        root.set("deliveries", deliveries(summary.deliveries(), mapper));

        ObjectNode timing = root.putObject("timingMs");
        timing.set("replyDelay", stats(summary.replyDelay(), mapper));
        timing.set("replyGap", stats(summary.replyGap(), mapper));
        timing.set("sendLateness", stats(summary.sendLateness(), mapper));

        ArrayNode findings = root.putArray("findings");
        for (Finding finding : summary.findings()) {
            findings.addObject()
                    .put("kind", finding.kind().name().toLowerCase(Locale.ROOT))
                    .put("userId", finding.userId())
                    .put("messageId", finding.messageId())
                    .put("detail", finding.detail());
        }

        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers failed to serialize", e);
        }
    }

    private static ObjectNode run(RunInfo run, ObjectMapper mapper) {
        return mapper.createObjectNode()
                .put("file", run.file())
                .put("format", run.format())
                .put("url", run.url())
                .put("events", run.events())
                .put("runId", run.runId())
                .put("botId", run.botId());
    }

    private static ObjectNode messages(MessageCounts messages, ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode()
                .put("read", messages.read())
                .put("skippedEmpty", messages.skippedEmpty())
                .put("beyondLimit", messages.beyondLimit())
                .put("sent", messages.sent())
                .put("accepted", messages.accepted())
                .put("rejected", messages.rejected());
        ObjectNode byStatus = node.putObject("rejectedByStatus");
        for (Map.Entry<Integer, Integer> status : messages.rejectedByStatus().entrySet()) {
            byStatus.putObject(status.getKey().toString())
                    .put("count", status.getValue())
                    .put("firstProblem", messages.problemByStatus().get(status.getKey()));
        }
        node.put("failed", messages.failed());
        ObjectNode byReason = node.putObject("failedByReason");
        messages.failedByReason().forEach(byReason::put);
        return node;
    }

    private static ObjectNode replies(ReplyChecks replies, ObjectMapper mapper) {
        return mapper.createObjectNode()
                .put("conversations", replies.conversations())
                .put("replyEvents", replies.replyEvents())
                .put("typingEvents", replies.typingEvents())
                .put("answered", replies.answered())
                .put("lost", replies.lost())
                .put("duplicateReplies", replies.duplicateReplies())
                .put("orderViolations", replies.orderViolations())
                .put("overlaps", replies.overlaps())
                .put("unrelatedEvents", replies.unrelatedEvents());
    }

    private static ObjectNode deliveries(EventSourceStats deliveries, ObjectMapper mapper) {
        return mapper.createObjectNode()
                .put("malformedEvents", deliveries.malformedEvents())
                .put("ignoredEvents", deliveries.ignoredEvents())
                .put("repeatedDeliveries", deliveries.repeatedDeliveries())
                .put("invalidSignatures", deliveries.invalidSignatures())
                .put("reconnects", deliveries.reconnects());
    }

    private static ObjectNode stats(DelayStats stats, ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode().put("count", stats.count());
        putMillis(node, "min", stats.min());
        putMillis(node, "p50", stats.p50());
        putMillis(node, "p90", stats.p90());
        putMillis(node, "p99", stats.p99());
        putMillis(node, "max", stats.max());
        return node;
    }

    private static void putMillis(ObjectNode node, String field, Duration duration) {
        if (duration == null) {
            node.putNull(field);
        } else {
            node.put(field, duration.toMillis());
        }
    }
}

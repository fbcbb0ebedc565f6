package dev.pacer.bootstrap.replay;

import dev.pacer.bootstrap.replay.ReplaySummary.Finding;
import dev.pacer.bootstrap.replay.ReplaySummary.MessageCounts;
import dev.pacer.bootstrap.replay.ReplaySummary.ReplyChecks;
import dev.pacer.bootstrap.replay.ReplaySummary.RunInfo;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats a {@link ReplaySummary} as aligned plain text, one count per line. The same summary gives the same text. */
final class SummaryText {

    private static final String COUNT_ROW = "  %-30s %8d%n";
    private static final String DETAIL_ROW = "    %-28s %8d  %s%n";

    private SummaryText() {}

    static String format(ReplaySummary summary) {
        StringBuilder text = new StringBuilder();
        RunInfo run = summary.run();
        text.append(String.format(Locale.ROOT, "Pacer replay of %s (%s) against %s%n", run.file(), run.format(), run.url()));
        text.append(String.format(Locale.ROOT, "run %s, bot %s, events %s%n", run.runId(), run.botId(), run.events()));

        appendMessages(text, summary.messages());
        appendReplies(text, summary.replies());
        appendDeliveries(text, summary.deliveries(), run.events());
        appendTiming(text, summary);
        appendFindings(text, summary.findings());

        text.append(System.lineSeparator()).append(result(summary)).append(System.lineSeparator());
        return text.toString();
    }

    private static String result(ReplaySummary summary) {
        List<String> failures = summary.failures();
        if (!failures.isEmpty()) {
            return "Result: FAILED, " + String.join(", ", failures);
        }
        int rejected = summary.messages().rejected();
        if (rejected > 0) {
            return "Result: OK for the accepted messages, but " + rejected + " rejected";
        }
        return "Result: OK";
    }

    private static void appendMessages(StringBuilder text, MessageCounts messages) {
        section(text, "Messages");
        row(text, "read", messages.read());
        row(text, "skipped, empty text", messages.skippedEmpty());
        row(text, "skipped, beyond --limit", messages.beyondLimit());
        row(text, "sent", messages.sent());
        row(text, "accepted (202)", messages.accepted());
        row(text, "rejected", messages.rejected());
        for (Map.Entry<Integer, Integer> status : messages.rejectedByStatus().entrySet()) {
            String problem = messages.problemByStatus().get(status.getKey());
            text.append(String.format(Locale.ROOT, DETAIL_ROW, "HTTP " + status.getKey(), status.getValue(),
                    problem == null ? "" : "first: " + problem));
        }
        row(text, "failed, no response", messages.failed());
        for (Map.Entry<String, Integer> reason : messages.failedByReason().entrySet()) {
            text.append(String.format(Locale.ROOT, DETAIL_ROW, reason.getKey(), reason.getValue(), ""));
        }
    }

    private static void appendReplies(StringBuilder text, ReplyChecks replies) {
        section(text, "Replies");
        row(text, "conversations", replies.conversations());
        row(text, "reply events", replies.replyEvents());
        row(text, "typing events", replies.typingEvents());
        row(text, "answered messages", replies.answered());
        row(text, "lost", replies.lost());
        row(text, "duplicate replies", replies.duplicateReplies());
        row(text, "order violations", replies.orderViolations());
        row(text, "overlaps", replies.overlaps());
        row(text, "unrelated events", replies.unrelatedEvents());
    }

    private static void appendDeliveries(StringBuilder text, EventSourceStats deliveries, String events) {
        section(text, "Event deliveries not counted");
        row(text, "malformed", deliveries.malformedEvents());
        row(text, "neither typing nor reply", deliveries.ignoredEvents());
        if (events.equals("webhook")) {
            row(text, "repeated Idempotency-Key", deliveries.repeatedDeliveries());
            row(text, "invalid signature", deliveries.invalidSignatures());
        } else {
            row(text, "stream reconnects", deliveries.reconnects());
        }
    }

    private static void appendTiming(StringBuilder text, ReplaySummary summary) {
        section(text, "Timing in ms");
        text.append(String.format(Locale.ROOT, "  %-22s %8s %8s %8s %8s %8s %8s%n",
                "", "count", "min", "p50", "p90", "p99", "max"));
        timingRow(text, "reply delay", summary.replyDelay());
        timingRow(text, "gap between replies", summary.replyGap());
        timingRow(text, "send lateness", summary.sendLateness());
    }

    private static void timingRow(StringBuilder text, String label, DelayStats stats) {
        text.append(String.format(Locale.ROOT, "  %-22s %8d %8s %8s %8s %8s %8s%n", label, stats.count(),
                millis(stats.min()), millis(stats.p50()), millis(stats.p90()), millis(stats.p99()), millis(stats.max())));
    }

    private static void appendFindings(StringBuilder text, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        section(text, "Findings (the first " + SummaryCalculator.MAX_FINDINGS_PER_KIND + " of each kind, in log order)");
        for (Finding finding : findings) {
            text.append(String.format(Locale.ROOT, "  %-9s user %s, message %s: %s%n",
                    finding.kind().name().toLowerCase(Locale.ROOT), finding.userId(), finding.messageId(),
                    finding.detail()));
        }
    }

    private static void section(StringBuilder text, String title) {
        text.append(System.lineSeparator()).append(title).append(System.lineSeparator());
    }

    private static void row(StringBuilder text, String label, int count) {
        text.append(String.format(Locale.ROOT, COUNT_ROW, label, count));
    }

    private static String millis(Duration duration) {
        return duration == null ? "-" : Long.toString(duration.toMillis());
    }
}

package dev.pacer.systemtests.check;

import dev.pacer.systemtests.workload.FaultEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures and findings of one checked run, and their readable rendering. Filled in by {@link
 * Checker}. Every list of findings contains one line per case.
 */
public final class Report {

    /** Why a reply was delivered more than once. */
    public enum RepeatCause {
        /** The receiver processed the delivery, responded 5xx, and Pacer retried it. */
        WEBHOOK_RETRY,
        /** A Pacer instance was SIGKILLed between the delivery and its acknowledgement. */
        INSTANCE_SIGKILL,
        /** Redis was down or restarted between the delivery and its acknowledgement. */
        REDIS_RESTART,
        /** Only a SIGTERM, a graceful stop, falls between the delivery and its acknowledgement. */
        INSTANCE_SIGTERM,
        /** No fault explains it. */
        UNEXPLAINED;

        /** Tells whether this cause is allowed: a crash or a failed delivery, never a graceful stop or nothing. */
        public boolean allowed() {
            return this == WEBHOOK_RETRY || this == INSTANCE_SIGKILL || this == REDIS_RESTART;
        }
    }

    long seed;
    String label;
    Instant firstSend;
    Instant lastDelivery;

    int planned;
    int accepted;
    int acceptedAsRepeat;
    int retriedEnqueues;
    int unavailableResponses;
    int queueFullResponses;
    final List<String> notAccepted = new ArrayList<>();

    int repliedMessages;
    int replyDeliveries;
    int failedReplyDeliveries;
    int typingEvents;
    int invalidSignatures;
    int keyMismatches;
    final List<String> unexpectedReplies = new ArrayList<>();

    int deadLettered;
    int deadLettersListed;
    int deadLetteredAfterReply;
    final Map<String, Integer> deadLetterReasons = new TreeMap<>();

    final List<String> lost = new ArrayList<>();
    final List<String> lostWithinFsyncWindow = new ArrayList<>();
    Duration longestLossWindow = Duration.ZERO;
    final List<String> stillQueued = new ArrayList<>();

    final List<String> orderViolations = new ArrayList<>();
    int repeatsAfterLaterMessage;

    int aiCalls;
    int aiCallsUnattributed;
    int aiCallsCutAtTimeout;
    int aiCallsOutOfOrder;
    final List<String> aiOverlaps = new ArrayList<>();
    final List<String> sendOverlaps = new ArrayList<>();

    final Map<RepeatCause, List<String>> repeats = new LinkedHashMap<>();

    int pacingChecked;
    final List<String> pacingViolations = new ArrayList<>();
    Duration smallestPacingMargin;
    Duration latencyP50 = Duration.ZERO;
    Duration latencyP99 = Duration.ZERO;
    Duration latencyMax = Duration.ZERO;

    final List<FaultEvent> faults = new ArrayList<>();
    final Map<String, Integer> logErrors = new TreeMap<>();
    final Map<String, Integer> logLeaseLost = new TreeMap<>();
    final List<String> logErrorSamples = new ArrayList<>();

    Report() {
        for (RepeatCause cause : RepeatCause.values()) {
            repeats.put(cause, new ArrayList<>());
        }
    }

    public int accepted() {
        return accepted;
    }

    public int repliedMessages() {
        return repliedMessages;
    }

    public int deadLettered() {
        return deadLettered;
    }

    public List<String> lost() {
        return List.copyOf(lost);
    }

    public List<String> lostWithinFsyncWindow() {
        return List.copyOf(lostWithinFsyncWindow);
    }

    public List<String> orderViolations() {
        return List.copyOf(orderViolations);
    }

    public List<String> aiOverlaps() {
        return List.copyOf(aiOverlaps);
    }

    public List<String> sendOverlaps() {
        return List.copyOf(sendOverlaps);
    }

    public List<String> pacingViolations() {
        return List.copyOf(pacingViolations);
    }

    public List<String> repeats(RepeatCause cause) {
        return List.copyOf(repeats.get(cause));
    }

    public int repeatCount() {
        return repeats.values().stream().mapToInt(List::size).sum();
    }

    public List<FaultEvent> faults() {
        return List.copyOf(faults);
    }

    /**
     * Lists each broken guarantee with its count, empty when the run passed: loss, order, overlap,
     * unexplained repeats, pacing, signatures, messages never accepted or still queued.
     */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        addIf(failures, lost.size(), "accepted messages lost (neither answered nor dead-lettered)");
        addIf(failures, stillQueued.size(), "messages still queued after the drain");
        addIf(failures, notAccepted.size(), "messages never accepted by the API");
        addIf(failures, orderViolations.size(), "order violations");
        addIf(failures, aiOverlaps.size(), "overlapping AI calls within a conversation");
        addIf(failures, sendOverlaps.size(), "overlapping webhook deliveries within a conversation");
        for (RepeatCause cause : RepeatCause.values()) {
            if (!cause.allowed()) {
                addIf(failures, repeats.get(cause).size(), "repeated deliveries caused by " + cause);
            }
        }
        addIf(failures, pacingViolations.size(), "replies sent before their minimum delay");
        addIf(failures, invalidSignatures, "webhook requests with an invalid signature");
        addIf(failures, keyMismatches, "replies whose Idempotency-Key is not their source message id");
        addIf(failures, unexpectedReplies.size(), "replies to messages the workload never sent");
        return failures;
    }

    /** Renders the report as plain text for the console. */
    public String render() {
        StringBuilder out = new StringBuilder();
        renderFigures(out);
        renderFaults(out);
        renderCases(out);

        List<String> failures = failures();
        line(out, "");
        line(out, failures.isEmpty() ? "RESULT: every checked guarantee held" : "RESULT: FAILED: " + String.join("; ", failures));
        return out.toString();
    }

    private void renderFigures(StringBuilder out) {
        line(out, "==== Pacer system test report: %s, seed %d ====", label, seed);
        line(out, "repeat with -Dpacer.seed=%d", seed);
        if (firstSend != null && lastDelivery != null) {
            line(out, "duration from first send to last delivery: %.1f s",
                    Duration.between(firstSend, lastDelivery).toMillis() / 1000.0);
        }
        line(out, "");
        line(out, "messages   planned %d, accepted %d (%d of them as a repeat: 200), retried enqueues %d,",
                planned, accepted, acceptedAsRepeat, retriedEnqueues);
        line(out, "           503 or unreachable responses %d, 429 responses %d, never accepted %d",
                unavailableResponses, queueFullResponses, notAccepted.size());
        line(out, "replies    messages answered %d, deliveries processed %d, deliveries failed %d, typing events %d",
                repliedMessages, replyDeliveries, failedReplyDeliveries, typingEvents);
        line(out, "dead       dead-lettered %d (listed %d), answered before being dead-lettered %d, reasons %s",
                deadLettered, deadLettersListed, deadLetteredAfterReply, deadLetterReasons);
        line(out, "lost       %d lost, %d still queued, %d lost within the fsync window before a Redis crash (longest %d ms)",
                lost.size(), stillQueued.size(), lostWithinFsyncWindow.size(), longestLossWindow.toMillis());
        line(out, "order      %d violations, %d repeats arrived after a later message",
                orderViolations.size(), repeatsAfterLaterMessage);
        line(out, "overlap    AI calls %d (%d unattributed, %d cut at the AI timeout, %d out of order): %d overlaps;"
                        + " webhook deliveries: %d overlaps",
                aiCalls, aiCallsUnattributed, aiCallsCutAtTimeout, aiCallsOutOfOrder, aiOverlaps.size(), sendOverlaps.size());

        StringBuilder causes = new StringBuilder();
        repeats.forEach((cause, cases) -> causes.append(' ').append(cause).append('=').append(cases.size()));
        line(out, "repeats    %d:%s", repeatCount(), causes);
        line(out, "pacing     %d replies checked, %d sent before their minimum delay, smallest margin %s ms",
                pacingChecked, pacingViolations.size(), smallestPacingMargin == null ? "-" : smallestPacingMargin.toMillis());
        line(out, "latency    accepted to answered: p50 %d ms, p99 %d ms, max %d ms",
                latencyP50.toMillis(), latencyP99.toMillis(), latencyMax.toMillis());
        line(out, "signatures %d invalid, %d Idempotency-Key mismatches, %d replies to unknown messages",
                invalidSignatures, keyMismatches, unexpectedReplies.size());
        line(out, "logs       ERROR lines %s, lease lost %s", logErrors, logLeaseLost);
    }

    private void renderFaults(StringBuilder out) {
        line(out, "");
        line(out, "faults (%d):", faults.size());
        Instant origin = firstSend == null ? Instant.EPOCH : firstSend;
        for (FaultEvent fault : faults) {
            line(out, "  %7.1f s  %-20s %-9s %s", Duration.between(origin, fault.startedAt()).toMillis() / 1000.0,
                    fault.kind(), fault.target(), fault.detail());
        }
    }

    private void renderCases(StringBuilder out) {
        section(out, "never accepted", notAccepted);
        section(out, "lost", lost);
        section(out, "lost within the fsync window", lostWithinFsyncWindow);
        section(out, "still queued", stillQueued);
        section(out, "order violations", orderViolations);
        section(out, "overlapping AI calls", aiOverlaps);
        section(out, "overlapping webhook deliveries", sendOverlaps);
        repeats.forEach((cause, cases) -> section(out, "repeats caused by " + cause, cases));
        section(out, "pacing violations", pacingViolations);
        section(out, "replies to unknown messages", unexpectedReplies);
        section(out, "ERROR log lines (samples)", logErrorSamples);
    }

    private static void section(StringBuilder out, String title, List<String> cases) {
        if (cases.isEmpty()) {
            return;
        }
        line(out, "");
        line(out, "%s (%d):", title, cases.size());
        cases.stream().limit(20).forEach(c -> line(out, "  %s", c));
        if (cases.size() > 20) {
            line(out, "  ... and %d more", cases.size() - 20);
        }
    }

    private static void addIf(List<String> failures, int count, String what) {
        if (count > 0) {
            failures.add(count + " " + what);
        }
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(format, args)).append('\n');
    }
}

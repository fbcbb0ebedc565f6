package dev.pacer.systemtests.check;

import dev.pacer.adapters.ai.stub.RecordedCall;
import dev.pacer.systemtests.fakes.Delivery;
import dev.pacer.systemtests.workload.FaultEvent;
import dev.pacer.systemtests.workload.FaultKind;
import dev.pacer.systemtests.workload.PacerClient;
import dev.pacer.systemtests.workload.PlannedMessage;
import dev.pacer.systemtests.workload.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a run's {@link Recordings} against Pacer's guarantees: no loss, order, single flight,
 * explained repeats and pacing. It reads only what the run recorded outside Pacer and what the API
 * listed, plus the instance logs to explain a finding.
 */
public final class Checker {

    /** Slack before a delivery within which a crash can still hit its acknowledgement. */
    private static final Duration BEFORE_DELIVERY = Duration.ofMillis(200);

    private final CheckLimits limits;

    public Checker(CheckLimits limits) {
        this.limits = limits;
    }

    public Report check(Recordings recordings, String label) {
        Report report = new Report();
        report.seed = recordings.seed();
        report.label = label;
        report.planned = recordings.plannedMessages();
        report.faults.addAll(recordings.faults());

        Map<String, SentMessage> sent = countSent(recordings, report);
        Map<String, List<Delivery>> replies = countDeliveries(recordings, sent, report);
        Set<String> dead = countDeadLetters(recordings, sent, replies, report);

        findLost(sent, replies, dead, recordings, report);
        checkOrder(sent, replies, report);
        checkAiCalls(recordings.aiCalls(), report);
        checkSendOverlaps(recordings.deliveries(), report);
        explainRepeats(replies, sent, recordings, report);
        checkPacing(sent, replies, report);
        summarizeLogs(recordings.logs(), report);
        return report;
    }

    private Map<String, SentMessage> countSent(Recordings recordings, Report report) {
        Map<String, SentMessage> sent = new HashMap<>();
        for (SentMessage message : recordings.sent()) {
            sent.put(message.message().messageId(), message);
            report.unavailableResponses += message.unavailable();
            report.queueFullResponses += message.queueFull();
            if (message.attempts() > 1) {
                report.retriedEnqueues++;
            }
            if (!message.accepted()) {
                report.notAccepted.add(message.message().messageId() + ": " + message.rejection());
                continue;
            }
            report.accepted++;
            if (message.acceptedStatus() == 200) {
                report.acceptedAsRepeat++;
            }
            if (report.firstSend == null || message.firstAttemptAt().isBefore(report.firstSend)) {
                report.firstSend = message.firstAttemptAt();
            }
        }
        return sent;
    }

    /** Returns the processed reply deliveries by message id, in the order they arrived. */
    private Map<String, List<Delivery>> countDeliveries(Recordings recordings, Map<String, SentMessage> sent, Report report) {
        Map<String, List<Delivery>> replies = new HashMap<>();
        for (Delivery delivery : recordings.deliveries()) {
            if (!delivery.signatureValid()) {
                report.invalidSignatures++;
            }
            if (report.lastDelivery == null || delivery.respondedAt().isAfter(report.lastDelivery)) {
                report.lastDelivery = delivery.respondedAt();
            }
            if (!delivery.isReply()) {
                report.typingEvents++;
                continue;
            }
            if (delivery.idempotencyKey() == null || !delivery.idempotencyKey().equals(delivery.messageId())) {
                report.keyMismatches++;
            }
            if (!delivery.processed()) {
                report.failedReplyDeliveries++;
                continue;
            }
            report.replyDeliveries++;
            if (!sent.containsKey(delivery.messageId())) {
                report.unexpectedReplies.add(delivery.messageId() + " in " + delivery.conversation());
                continue;
            }
            replies.computeIfAbsent(delivery.messageId(), id -> new ArrayList<>()).add(delivery);
        }
        replies.values().forEach(list -> list.sort(Comparator.comparing(Delivery::receivedAt)));
        report.repliedMessages = replies.size();
        return replies;
    }

    private Set<String> countDeadLetters(Recordings recordings, Map<String, SentMessage> sent,
            Map<String, List<Delivery>> replies, Report report) {
        Set<String> dead = new HashSet<>();
        report.deadLettersListed = recordings.deadLetters().size();
        for (PacerClient.DeadLetterView letter : recordings.deadLetters()) {
            report.deadLetterReasons.merge(letter.reason(), 1, Integer::sum);
            if (letter.messageId() != null && sent.containsKey(letter.messageId()) && dead.add(letter.messageId())) {
                report.deadLettered++;
                if (replies.containsKey(letter.messageId())) {
                    report.deadLetteredAfterReply++;
                }
            }
        }
        return dead;
    }

    private void findLost(Map<String, SentMessage> sent, Map<String, List<Delivery>> replies, Set<String> dead,
            Recordings recordings, Report report) {
        List<FaultEvent> redisKills = recordings.faults().stream()
                .filter(fault -> fault.kind().losesWrites())
                .toList();
        for (SentMessage message : sent.values()) {
            String id = message.message().messageId();
            if (!message.accepted() || replies.containsKey(id) || dead.contains(id)) {
                continue;
            }
            // Redis accepts nothing between the kill signal and the end of its restart, so a message
            // accepted before the restart ended was written before the crash, even if its response arrived after the signal.
            Optional<FaultEvent> kill = redisKills.stream()
                    .filter(fault -> !fault.endedAt().isBefore(message.acceptedAt())
                            && Duration.between(message.acceptedAt(), fault.startedAt()).compareTo(limits.fsyncLossWindow()) <= 0)
                    .findFirst();
            String line = id + " accepted at " + message.acceptedAt();
            if (kill.isPresent() && limits.fsyncLossWindow().isPositive()) {
                Duration window = Duration.between(message.acceptedAt(), kill.get().startedAt());
                window = window.isNegative() ? Duration.ZERO : window;
                report.lostWithinFsyncWindow.add(line + ", " + kill.get().kind() + " " + window.toMillis() + " ms later");
                if (window.compareTo(report.longestLossWindow) > 0) {
                    report.longestLossWindow = window;
                }
            } else {
                report.lost.add(line);
            }
        }
        recordings.stillQueued().forEach((conversation, ids) ->
                ids.forEach(id -> report.stillQueued.add(id + " in " + conversation)));
        report.lost.sort(null);
        report.lostWithinFsyncWindow.sort(null);
    }

    /** Checks that the first delivery of each message arrives in the conversation's acceptance order. */
    private void checkOrder(Map<String, SentMessage> sent, Map<String, List<Delivery>> replies, Report report) {
        Map<String, List<Delivery>> byConversation = new TreeMap<>();
        replies.forEach((id, deliveries) -> byConversation
                .computeIfAbsent(sent.get(id).message().conversationKey(), key -> new ArrayList<>())
                .add(deliveries.getFirst()));
        for (List<Delivery> firsts : byConversation.values()) {
            firsts.sort(Comparator.comparing(Delivery::receivedAt));
            int highest = -1;
            String highestId = null;
            for (Delivery delivery : firsts) {
                int sequence = sent.get(delivery.messageId()).message().sequence();
                if (sequence < highest) {
                    report.orderViolations.add(delivery.messageId() + " answered at " + delivery.receivedAt()
                            + " after " + highestId + " in " + delivery.conversation());
                } else {
                    highest = sequence;
                    highestId = delivery.messageId();
                }
            }
        }

        // A repeat of an earlier message after a later one is a repeat, not a new reply, so it is counted apart.
        Map<String, List<Delivery>> all = new TreeMap<>();
        replies.forEach((id, deliveries) -> all
                .computeIfAbsent(sent.get(id).message().conversationKey(), key -> new ArrayList<>())
                .addAll(deliveries));
        for (List<Delivery> deliveries : all.values()) {
            deliveries.sort(Comparator.comparing(Delivery::receivedAt));
            int highest = -1;
            for (Delivery delivery : deliveries) {
                int sequence = sent.get(delivery.messageId()).message().sequence();
                if (sequence < highest) {
                    report.repeatsAfterLaterMessage++;
                }
                highest = Math.max(highest, sequence);
            }
        }
    }

    /**
     * Finds AI calls of one conversation that overlap in time. A call is counted as ended at the AI
     * timeout at the latest, because Pacer's client gives up there while the stub may go on
     * sleeping through a programmed hang.
     */
    private void checkAiCalls(List<RecordedCall> calls, Report report) {
        report.aiCalls = calls.size();
        Map<Integer, List<RecordedCall>> byConversation = new TreeMap<>();
        for (RecordedCall call : calls) {
            int[] tag = PlannedMessage.parseTag(call.lastUserMessage());
            if (tag == null) {
                report.aiCallsUnattributed++;
                continue;
            }
            byConversation.computeIfAbsent(tag[0], c -> new ArrayList<>()).add(call);
        }
        Duration timeout = limits.settings().aiTimeout();
        byConversation.forEach((conversation, list) -> {
            list.sort(Comparator.comparing(RecordedCall::startedAt));
            Instant busyUntil = Instant.MIN;
            RecordedCall busyWith = null;
            int highest = -1;
            for (RecordedCall call : list) {
                Instant end = effectiveEnd(call, timeout, report);
                if (call.startedAt().isBefore(busyUntil)) {
                    report.aiOverlaps.add(PlannedMessage.conversationKey(conversation) + ": call for \""
                            + tag(call) + "\" started at " + call.startedAt() + " while the call for \"" + tag(busyWith)
                            + "\" ran until " + busyUntil);
                }
                if (end.isAfter(busyUntil)) {
                    busyUntil = end;
                    busyWith = call;
                }
                int sequence = PlannedMessage.parseTag(call.lastUserMessage())[1];
                if (sequence < highest) {
                    report.aiCallsOutOfOrder++;
                }
                highest = Math.max(highest, sequence);
            }
        });
    }

    private static Instant effectiveEnd(RecordedCall call, Duration timeout, Report report) {
        Instant cut = call.startedAt().plus(timeout);
        if (call.endedAt().isAfter(cut)) {
            report.aiCallsCutAtTimeout++;
            return cut;
        }
        return call.endedAt();
    }

    private static String tag(RecordedCall call) {
        int[] tag = PlannedMessage.parseTag(call.lastUserMessage());
        return String.format("c%03d m%03d", tag[0], tag[1]);
    }

    /** Finds webhook requests of one conversation, typing or reply, that were in flight at the same time. */
    private void checkSendOverlaps(List<Delivery> deliveries, Report report) {
        Map<String, List<Delivery>> byConversation = new TreeMap<>();
        for (Delivery delivery : deliveries) {
            if (delivery.botId() != null && delivery.userId() != null) {
                byConversation.computeIfAbsent(delivery.conversation(), key -> new ArrayList<>()).add(delivery);
            }
        }
        byConversation.forEach((conversation, list) -> {
            list.sort(Comparator.comparing(Delivery::receivedAt));
            Delivery open = null;
            for (Delivery delivery : list) {
                if (open != null && delivery.receivedAt().isBefore(open.respondedAt())) {
                    report.sendOverlaps.add(conversation + ": " + delivery.type() + " " + delivery.messageId()
                            + " arrived at " + delivery.receivedAt() + " before the response to " + open.type() + " "
                            + open.messageId() + " at " + open.respondedAt());
                }
                if (open == null || delivery.respondedAt().isAfter(open.respondedAt())) {
                    open = delivery;
                }
            }
        });
    }

    /** Gives every repeated delivery of a reply the fault that explains it, if any does. */
    private void explainRepeats(Map<String, List<Delivery>> replies, Map<String, SentMessage> sent,
            Recordings recordings, Report report) {
        for (List<Delivery> deliveries : replies.values()) {
            for (int i = 1; i < deliveries.size(); i++) {
                Delivery previous = deliveries.get(i - 1);
                Delivery repeat = deliveries.get(i);
                Report.RepeatCause cause = causeOf(previous, repeat, recordings.faults());
                String conversation = sent.get(repeat.messageId()).message().conversationKey();
                String line = repeat.messageId() + " delivered at " + previous.receivedAt() + " (status "
                        + previous.status() + ") and again at " + repeat.receivedAt()
                        + leaseLostHint(conversation, recordings.logs());
                report.repeats.get(cause).add(line);
            }
        }
    }

    private Report.RepeatCause causeOf(Delivery previous, Delivery repeat, List<FaultEvent> faults) {
        if (previous.status() >= 500) {
            return Report.RepeatCause.WEBHOOK_RETRY;
        }
        Instant from = previous.receivedAt().minus(BEFORE_DELIVERY);
        Instant until = previous.respondedAt().plus(limits.ackWindow());
        if (until.isAfter(repeat.receivedAt())) {
            until = repeat.receivedAt();
        }
        Report.RepeatCause cause = Report.RepeatCause.UNEXPLAINED;
        for (FaultEvent fault : faults) {
            if (fault.kind() == FaultKind.INSTANCE_SIGKILL && !fault.startedAt().isBefore(from)
                    && !fault.startedAt().isAfter(until)) {
                return Report.RepeatCause.INSTANCE_SIGKILL;
            }
            if (fault.kind().stopsRedis() && fault.overlaps(from, until)) {
                cause = Report.RepeatCause.REDIS_RESTART;
            }
            if (fault.kind() == FaultKind.INSTANCE_SIGTERM && fault.overlaps(from, until)
                    && cause == Report.RepeatCause.UNEXPLAINED) {
                cause = Report.RepeatCause.INSTANCE_SIGTERM;
            }
        }
        return cause;
    }

    private static String leaseLostHint(String conversation, Map<String, List<String>> logs) {
        String member = conversation.replace('/', ':');
        List<String> hits = new ArrayList<>();
        logs.forEach((instance, lines) -> {
            for (String line : lines) {
                if (line.contains("lease lost") && line.contains("conversation=" + member)) {
                    hits.add(instance);
                    break;
                }
            }
        });
        return hits.isEmpty() ? "" : "; lease lost logged by " + hits;
    }

    /**
     * Checks that each first reply arrived no earlier than its minimum delay after the earliest
     * moment its work could have started: its first enqueue attempt, or the response to the
     * previous message's first reply, whichever is later.
     */
    private void checkPacing(Map<String, SentMessage> sent, Map<String, List<Delivery>> replies, Report report) {
        List<Duration> latencies = new ArrayList<>();
        for (SentMessage message : sent.values()) {
            List<Delivery> deliveries = replies.get(message.message().messageId());
            if (deliveries == null || !message.accepted()) {
                continue;
            }
            Delivery first = deliveries.getFirst();
            latencies.add(Duration.between(message.acceptedAt(), first.receivedAt()));

            Instant start = message.firstAttemptAt();
            Delivery previous = previousReply(message, sent, replies);
            if (previous != null && previous.respondedAt().isAfter(start) && previous.respondedAt().isBefore(first.receivedAt())) {
                start = previous.respondedAt();
            }
            String text = first.text() == null ? "" : first.text();
            Duration minimum = limits.settings().minimumDelay(text.codePointCount(0, text.length()));
            Duration margin = Duration.between(start.plus(minimum), first.receivedAt());
            report.pacingChecked++;
            if (report.smallestPacingMargin == null || margin.compareTo(report.smallestPacingMargin) < 0) {
                report.smallestPacingMargin = margin;
            }
            if (margin.plus(limits.tolerance()).isNegative()) {
                report.pacingViolations.add(message.message().messageId() + " answered " + (-margin.toMillis())
                        + " ms before its minimum delay of " + minimum.toMillis() + " ms");
            }
        }
        latencies.sort(null);
        if (!latencies.isEmpty()) {
            report.latencyP50 = latencies.get(latencies.size() / 2);
            report.latencyP99 = latencies.get(Math.min(latencies.size() - 1, latencies.size() * 99 / 100));
            report.latencyMax = latencies.getLast();
        }
    }

    /** Returns the first reply to the closest earlier accepted message of the same conversation, or null. */
    private static Delivery previousReply(SentMessage message, Map<String, SentMessage> sent,
            Map<String, List<Delivery>> replies) {
        PlannedMessage planned = message.message();
        for (int sequence = planned.sequence() - 1; sequence >= 0; sequence--) {
            String id = String.format("c%03d-m%03d", planned.conversation(), sequence);
            SentMessage earlier = sent.get(id);
            if (earlier != null && earlier.accepted()) {
                List<Delivery> deliveries = replies.get(id);
                return deliveries == null ? null : deliveries.getFirst();
            }
        }
        return null;
    }

    private void summarizeLogs(Map<String, List<String>> logs, Report report) {
        logs.forEach((instance, lines) -> {
            int errors = 0;
            int leaseLost = 0;
            for (String line : lines) {
                if (line.contains(" ERROR ")) {
                    errors++;
                    if (report.logErrorSamples.size() < 20) {
                        report.logErrorSamples.add(instance + ": " + line);
                    }
                }
                if (line.contains("lease lost")) {
                    leaseLost++;
                }
            }
            report.logErrors.put(instance, errors);
            report.logLeaseLost.put(instance, leaseLost);
        });
    }
}

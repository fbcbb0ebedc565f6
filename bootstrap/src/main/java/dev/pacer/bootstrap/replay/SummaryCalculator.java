package dev.pacer.bootstrap.replay;

import dev.pacer.bootstrap.replay.ReplaySummary.Finding;
import dev.pacer.bootstrap.replay.ReplaySummary.MessageCounts;
import dev.pacer.bootstrap.replay.ReplaySummary.ReplyChecks;
import dev.pacer.bootstrap.replay.ReplaySummary.RunInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a {@link ReplaySummary} from the send results and the events, in arrival order.
 *
 * <p>The accept order of a conversation is the log order of its accepted messages, which is true
 * because {@link MessageSender} sends one request per user at a time. Order and overlap checks
 * compare arrival sequence numbers, not times, so two events in the same millisecond still have
 * an order. A message that was never answered breaks no order: it is counted as lost, and the
 * messages after it are checked against the ones before it.
 */
final class SummaryCalculator {

    static final int MAX_FINDINGS_PER_KIND = 20;

    private SummaryCalculator() {}

    static ReplaySummary compute(RunInfo run, ReplayPlan plan, List<SendResult> sends, List<ObservedEvent> events,
            EventSourceStats deliveries) {
        Map<String, SendResult> acceptedById = new LinkedHashMap<>();
        for (SendResult send : sends) {
            if (send.accepted()) {
                acceptedById.put(send.acceptedMessageId(), send);
            }
        }

        EventIndex index = EventIndex.of(events, acceptedById.keySet());
        List<LoggedFinding> findings = new ArrayList<>();
        ConversationChecks checks = checkConversations(acceptedById.values(), index, findings);

        for (SendResult send : acceptedById.values()) {
            Integer extraReplies = index.extraRepliesById.get(send.acceptedMessageId());
            if (extraReplies != null) {
                findings.add(new LoggedFinding(send, new Finding(Finding.Kind.DUPLICATE, send.message().userId(),
                        send.acceptedMessageId(), "answered by " + (extraReplies + 1) + " reply events")));
            }
        }

        int duplicateReplies = index.extraRepliesById.values().stream().mapToInt(Integer::intValue).sum();
        long conversations = sends.stream().map(send -> send.message().userId()).distinct().count();
        ReplyChecks replies = new ReplyChecks((int) conversations, index.replyEvents, index.typingEvents,
                checks.answered, checks.lost, duplicateReplies, checks.orderViolations, checks.overlaps,
                index.unrelatedEvents);

        return new ReplaySummary(run, messageCounts(plan, sends), replies, deliveries,
                DelayStats.of(checks.replyDelays), DelayStats.of(checks.replyGaps),
                DelayStats.of(sends.stream().map(SendResult::lateness).toList()), firstFindingsOfEachKind(findings));
    }

    /** Returns up to {@link #MAX_FINDINGS_PER_KIND} findings of each kind, ordered by kind and then log order. */
    private static List<Finding> firstFindingsOfEachKind(List<LoggedFinding> findings) {
        Map<Finding.Kind, List<LoggedFinding>> byKind = new EnumMap<>(Finding.Kind.class);
        findings.forEach(found -> byKind.computeIfAbsent(found.finding().kind(), kind -> new ArrayList<>()).add(found));

        List<Finding> selected = new ArrayList<>();
        for (List<LoggedFinding> ofKind : byKind.values()) {
            ofKind.sort(Comparator.comparingInt(found -> found.send().message().sequence()));
            ofKind.stream().limit(MAX_FINDINGS_PER_KIND).map(LoggedFinding::finding).forEach(selected::add);
        }
        return selected;
    }

    private static MessageCounts messageCounts(ReplayPlan plan, List<SendResult> sends) {
        int accepted = 0;
        int rejected = 0;
        int failed = 0;
        SortedMap<Integer, Integer> rejectedByStatus = new TreeMap<>();
        SortedMap<Integer, String> problemByStatus = new TreeMap<>();
        SortedMap<String, Integer> failedByReason = new TreeMap<>();

        for (SendResult send : sends) {
            switch (send.outcome()) {
                case ACCEPTED -> accepted++;
                case REJECTED -> {
                    rejected++;
                    rejectedByStatus.merge(send.status(), 1, Integer::sum);
                    problemByStatus.putIfAbsent(send.status(), send.problem());
                }
                case FAILED -> {
                    failed++;
                    String problem = send.problem();
                    int colon = problem.indexOf(':');
                    failedByReason.merge(colon < 0 ? problem : problem.substring(0, colon), 1, Integer::sum);
                }
            }
        }
        return new MessageCounts(plan.messagesRead(), plan.skippedEmpty(), plan.beyondLimit(), sends.size(), accepted,
                rejected, rejectedByStatus, problemByStatus, failed, failedByReason);
    }

    /** Walks each conversation's accepted messages in accept order and checks lost, order and overlap. */
    private static ConversationChecks checkConversations(Iterable<SendResult> acceptedInLogOrder, EventIndex index,
            List<LoggedFinding> findings) {
        Map<String, List<SendResult>> byUser = new LinkedHashMap<>();
        for (SendResult send : acceptedInLogOrder) {
            byUser.computeIfAbsent(send.message().userId(), user -> new ArrayList<>()).add(send);
        }

        ConversationChecks checks = new ConversationChecks();
        for (Map.Entry<String, List<SendResult>> conversation : byUser.entrySet()) {
            String userId = conversation.getKey();
            List<AnsweredMessage> answeredEarlier = new ArrayList<>();
            TreeSet<ObservedEvent> replyEvents = new TreeSet<>(Comparator.comparingLong(ObservedEvent::sequence));

            for (SendResult send : conversation.getValue()) {
                String id = send.acceptedMessageId();

                Overlap overlap = firstOverlap(index.eventsById.getOrDefault(id, List.of()), answeredEarlier);
                if (overlap != null) {
                    checks.overlaps++;
                    findings.add(new LoggedFinding(send, new Finding(Finding.Kind.OVERLAP, userId, id, "a "
                            + overlap.event().event().type() + " event arrived before the reply to "
                            + overlap.blocking().id() + ", which was accepted earlier")));
                }

                ObservedEvent firstReply = index.firstReplyById.get(id);
                if (firstReply == null) {
                    checks.lost++;
                    findings.add(new LoggedFinding(send, new Finding(Finding.Kind.LOST, userId, id,
                            "accepted at " + seconds(send.respondedAt()) + ", no reply arrived")));
                    continue;
                }

                checks.answered++;
                // Measured from the start of the POST: a reply can arrive before the 202 does, but
                // never before the request left, so the delay is never negative.
                checks.replyDelays.add(firstReply.receivedAt().minus(send.sentAt()));
                replyEvents.add(firstReply);
                AnsweredMessage repliedLater = answeredEarlier.stream()
                        .filter(earlier -> earlier.firstReply().sequence() > firstReply.sequence())
                        .findFirst()
                        .orElse(null);
                if (repliedLater != null) {
                    checks.orderViolations++;
                    findings.add(new LoggedFinding(send, new Finding(Finding.Kind.ORDER, userId, id, "the reply "
                            + "arrived before the reply to " + repliedLater.id() + ", which was accepted earlier")));
                }
                answeredEarlier.add(new AnsweredMessage(id, firstReply));
            }

            ObservedEvent previous = null;
            for (ObservedEvent reply : replyEvents) {
                if (previous != null) {
                    checks.replyGaps.add(reply.receivedAt().minus(previous.receivedAt()));
                }
                previous = reply;
            }
        }
        return checks;
    }

    /**
     * Returns the first event of a message that arrived before the reply to an earlier message of
     * its conversation, or null. An event that also names the earlier message is work on both at
     * once, such as a batched reply, so it is no overlap.
     */
    private static Overlap firstOverlap(List<ObservedEvent> events, List<AnsweredMessage> answeredEarlier) {
        for (ObservedEvent event : events) {
            for (AnsweredMessage earlier : answeredEarlier) {
                boolean beforeEarlierReply = event.sequence() < earlier.firstReply().sequence();
                if (beforeEarlierReply && !event.event().inReplyTo().contains(earlier.id())) {
                    return new Overlap(event, earlier);
                }
            }
        }
        return null;
    }

    private record AnsweredMessage(String id, ObservedEvent firstReply) {}

    private record Overlap(ObservedEvent event, AnsweredMessage blocking) {}

    /** A finding with the send it is about, whose plan sequence gives the log order. */
    private record LoggedFinding(SendResult send, Finding finding) {}

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }

    /** Running totals of the per-conversation checks. */
    private static final class ConversationChecks {
        int answered;
        int lost;
        int orderViolations;
        int overlaps;
        final List<Duration> replyDelays = new ArrayList<>();
        final List<Duration> replyGaps = new ArrayList<>();
    }

    /** The events and the first reply per accepted message id, and event counts. */
    private static final class EventIndex {
        final Map<String, List<ObservedEvent>> eventsById = new HashMap<>();
        final Map<String, ObservedEvent> firstReplyById = new HashMap<>();
        final Map<String, Integer> extraRepliesById = new HashMap<>();
        int replyEvents;
        int typingEvents;
        int unrelatedEvents;

        static EventIndex of(List<ObservedEvent> events, Set<String> acceptedIds) {
            EventIndex index = new EventIndex();
            for (ObservedEvent observed : events) {
                List<String> known = new ArrayList<>(new LinkedHashSet<>(observed.event().inReplyTo()));
                known.retainAll(acceptedIds);
                if (known.isEmpty()) {
                    index.unrelatedEvents++;
                    continue;
                }

                for (String id : known) {
                    index.eventsById.computeIfAbsent(id, key -> new ArrayList<>()).add(observed);
                }
                if (!observed.event().isReply()) {
                    index.typingEvents++;
                    continue;
                }
                index.replyEvents++;
                for (String id : known) {
                    if (index.firstReplyById.putIfAbsent(id, observed) != null) {
                        index.extraRepliesById.merge(id, 1, Integer::sum);
                    }
                }
            }
            return index;
        }
    }
}

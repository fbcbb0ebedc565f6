package dev.pacer.bootstrap.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SequencedSet;

/**
 * The messages to send, with their ids and send times, and the counts of what the log held.
 *
 * @param messagesRead every message in the log, which equals {@code skippedEmpty + beyondLimit +
 *     messages.size()}
 * @param skippedEmpty messages with empty or blank text, which Pacer rejects, so they are not sent
 * @param beyondLimit messages with text after the first {@code --limit} ones
 */
record ReplayPlan(List<PlannedMessage> messages, int messagesRead, int skippedEmpty, int beyondLimit) {

    ReplayPlan {
        messages = List.copyOf(messages);
    }

    /** Returns the chat ids in order of their first message. */
    SequencedSet<String> chatIds() {
        SequencedSet<String> chatIds = new LinkedHashSet<>();
        messages.forEach(message -> chatIds.add(message.chatId()));
        return chatIds;
    }

    /**
     * Plans the replay of {@code entries}.
     *
     * <p>Each gap between two consecutive messages with text is divided by {@code speed} and then
     * capped at {@code maxGap}. A timestamp earlier than the one before it gives a gap of zero.
     *
     * @throws UsageException when two different senders map to the same user id
     */
    static ReplayPlan create(List<ChatLogEntry> entries, String runId, double speed, Duration maxGap,
            OptionalInt limit) throws UsageException {
        int maxMessages = limit.orElse(Integer.MAX_VALUE);
        Map<String, String> senderKeyByUserId = new HashMap<>();
        List<PlannedMessage> messages = new ArrayList<>();
        int skippedEmpty = 0;
        int beyondLimit = 0;
        Instant previousTimestamp = null;
        Duration offset = Duration.ZERO;

        for (ChatLogEntry entry : entries) {
            if (entry.hasEmptyText()) {
                skippedEmpty++;
                continue;
            }
            if (messages.size() >= maxMessages) {
                beyondLimit++;
                continue;
            }

            if (previousTimestamp != null) {
                offset = offset.plus(scaledGap(previousTimestamp, entry.timestamp(), speed, maxGap));
            }
            previousTimestamp = entry.timestamp();

            String userId = SenderIds.toSafeId(entry.senderKey());
            String earlierKey = senderKeyByUserId.putIfAbsent(userId, entry.senderKey());
            if (earlierKey != null && !earlierKey.equals(entry.senderKey())) {
                throw new UsageException("the senders \"" + earlierKey + "\" and \"" + entry.senderKey()
                        + "\" both map to the user id " + userId + ": rename one of them in the log");
            }
            String messageId = runId + "-r" + entry.position();
            messages.add(new PlannedMessage(messages.size(), messageId, userId, userId, entry.text(), offset));
        }
        return new ReplayPlan(messages, entries.size(), skippedEmpty, beyondLimit);
    }

    static Duration scaledGap(Instant previous, Instant next, double speed, Duration maxGap) {
        Duration gap = Duration.between(previous, next);
        if (gap.isNegative()) {
            return Duration.ZERO;
        }
        double gapNanos = gap.getSeconds() * 1e9 + gap.getNano();
        Duration scaled = Duration.ofNanos((long) Math.min(gapNanos / speed, (double) Long.MAX_VALUE));
        return scaled.compareTo(maxGap) > 0 ? maxGap : scaled;
    }
}

package dev.pacer.systemtests.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The messages of a run and when each conversation sends them: in bursts of one to four messages
 * sent back to back, with pauses between bursts, spread over the sending period. Everything is
 * derived from the seed, so one seed gives the same texts, bursts and pauses.
 */
public record WorkloadPlan(List<ConversationPlan> conversations, Duration sendingPeriod) {

    /** One conversation's bursts, in send order. */
    public record ConversationPlan(int conversation, List<Burst> bursts) {

        public int messageCount() {
            return bursts.stream().mapToInt(burst -> burst.messages().size()).sum();
        }
    }

    /** Messages sent back to back after a pause. */
    public record Burst(Duration pauseBefore, List<PlannedMessage> messages) {}

    private static final List<String> WORDS = List.of(
            "hello", "how", "are", "you", "today", "tell", "me", "about", "the", "weather", "please",
            "thanks", "why", "is", "that", "so", "café", "naïve", "straße", "😀", "👍🏽", "ok", "and",
            "then", "what", "happened", "next", "really", "I", "see");

    public static WorkloadPlan generate(long seed, int conversations, int messagesPerConversation, Duration sendingPeriod) {
        Random random = new Random(seed);
        List<ConversationPlan> plans = new ArrayList<>(conversations);
        for (int c = 0; c < conversations; c++) {
            plans.add(conversation(random, c, messagesPerConversation, sendingPeriod));
        }
        return new WorkloadPlan(List.copyOf(plans), sendingPeriod);
    }

    public int messageCount() {
        return conversations.stream().mapToInt(ConversationPlan::messageCount).sum();
    }

    private static ConversationPlan conversation(Random random, int c, int messages, Duration period) {
        List<List<PlannedMessage>> groups = new ArrayList<>();
        int sequence = 0;
        while (sequence < messages) {
            int size = Math.min(messages - sequence, 1 + random.nextInt(4));
            List<PlannedMessage> group = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                group.add(PlannedMessage.of(c, sequence++, words(random)));
            }
            groups.add(List.copyOf(group));
        }

        // Pauses share the sending period at random, so conversations start and end at different times.
        double[] weights = random.doubles(groups.size()).map(w -> 0.2 + w).toArray();
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        List<Burst> bursts = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            long pauseMillis = Math.round(period.toMillis() * 0.9 * weights[i] / total);
            bursts.add(new Burst(Duration.ofMillis(pauseMillis), groups.get(i)));
        }
        return new ConversationPlan(c, List.copyOf(bursts));
    }

    private static String words(Random random) {
        int count = 2 + random.nextInt(18);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS.get(random.nextInt(WORDS.size())));
        }
        return text.toString();
    }
}

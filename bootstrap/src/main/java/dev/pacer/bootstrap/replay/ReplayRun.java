package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs one replay: starts receiving events, sends the plan, waits for the missing replies and
 * computes the summary. Progress lines go to the given stream.
 */
final class ReplayRun {

    private final ReplayOptions options;
    private final ObjectMapper mapper;
    private final PrintStream progress;

    ReplayRun(ReplayOptions options, ObjectMapper mapper, PrintStream progress) {
        this.options = options;
        this.mapper = mapper;
        this.progress = progress;
    }

    /**
     * Replays {@code plan} against Pacer.
     *
     * @throws ReplayFailedException when the event source cannot start, before anything is sent
     */
    ReplaySummary execute(ReplayPlan plan) throws ReplayFailedException, InterruptedException {
        RunClock clock = new RunClock();
        EventLog events = new EventLog(clock);
        PacerEndpoints endpoints = new PacerEndpoints(options.url(), options.apiKey());

        List<SendResult> sends;
        EventSourceStats deliveries;
        try (EventSource source = eventSource(endpoints, events);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(options.requestTimeout())
                        .build()) {
            source.start(plan.chatIds());
            if (source instanceof WebhookReceiver receiver) {
                InetSocketAddress bound = receiver.boundAddress();
                progress.println("replay: receiving webhook POSTs on " + bound.getHostString() + ":" + bound.getPort());
            }
            progress.printf("replay: sending %s of %s to %s over about %s, run %s%n",
                    counted(plan.messages().size(), "message"), counted(plan.chatIds().size(), "user"), options.url(),
                    plannedDuration(plan), options.runId());

            sends = new MessageSender(client, endpoints, mapper, clock, options.botId(), options.requestTimeout())
                    .sendAll(plan.messages());

            Set<String> acceptedIds = new LinkedHashSet<>();
            sends.stream().filter(SendResult::accepted).forEach(send -> acceptedIds.add(send.acceptedMessageId()));
            progress.printf("replay: %d of %d messages accepted; waiting up to %s for their replies%n",
                    acceptedIds.size(), sends.size(), SummaryCalculator.seconds(options.timeout()));
            boolean allAnswered = events.awaitReplies(acceptedIds, options.timeout());
            if (!allAnswered) {
                progress.println("replay: the wait for replies timed out; messages without a reply count as lost");
            }
            deliveries = source.stats();
        }

        return SummaryCalculator.compute(runInfo(), plan, sends, events.snapshot(), deliveries);
    }

    private EventSource eventSource(PacerEndpoints endpoints, EventLog events) {
        return switch (options.events()) {
            case SSE -> new SseEventStream(endpoints, mapper, events, options.requestTimeout(), progress);
            case WEBHOOK -> new WebhookReceiver(options.listen(), options.webhookSecret(), mapper, events);
        };
    }

    private static String plannedDuration(ReplayPlan plan) {
        if (plan.messages().isEmpty()) {
            return SummaryCalculator.seconds(Duration.ZERO);
        }
        return SummaryCalculator.seconds(plan.messages().getLast().sendOffset());
    }

    private static String counted(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private ReplaySummary.RunInfo runInfo() {
        return new ReplaySummary.RunInfo(options.file().toString(), options.format().optionName(),
                options.url().toString(), options.events().name().toLowerCase(Locale.ROOT),
                options.runId(), options.botId());
    }
}

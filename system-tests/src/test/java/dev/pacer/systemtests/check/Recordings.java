package dev.pacer.systemtests.check;

import dev.pacer.adapters.ai.stub.RecordedCall;
import dev.pacer.systemtests.fakes.Delivery;
import dev.pacer.systemtests.workload.FaultEvent;
import dev.pacer.systemtests.workload.PacerClient;
import dev.pacer.systemtests.workload.SentMessage;
import java.util.List;
import java.util.Map;

/**
 * Everything a run observed from outside Pacer: what the API accepted, what the webhook receiver
 * got, and which calls the stub AI received. It also contains the dead letters and still queued
 * messages the API lists at the end, the faults, and the instances' log lines, which serve only
 * to explain findings.
 *
 * @param stillQueued message ids still queued at the end, by conversation {@code botId/userId}
 * @param logs log lines by instance name
 */
public record Recordings(
        long seed,
        int plannedMessages,
        List<SentMessage> sent,
        List<Delivery> deliveries,
        List<RecordedCall> aiCalls,
        List<PacerClient.DeadLetterView> deadLetters,
        Map<String, List<String>> stillQueued,
        List<FaultEvent> faults,
        Map<String, List<String>> logs) {}

package dev.pacer.systemtests.check;

import dev.pacer.adapters.ai.stub.RecordedCall;
import dev.pacer.systemtests.fakes.Delivery;
import dev.pacer.systemtests.workload.FaultEvent;
import dev.pacer.systemtests.workload.PacerClient;
import dev.pacer.systemtests.workload.SentMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a run's recordings as tab-separated files next to its report, one row per event sorted
 * by time, so a finding can be traced afterwards without running again.
 */
public final class RecordingFiles {

    private RecordingFiles() {}

    public static void write(Recordings recordings, Path directory) throws IOException {
        List<String> sent = new ArrayList<>(List.of("messageId\tfirstAttemptAt\tacceptedAt\tstatus\tattempts\trejection"));
        recordings.sent().stream()
                .sorted(Comparator.comparing(SentMessage::firstAttemptAt))
                .forEach(m -> sent.add(String.join("\t", m.message().messageId(), m.firstAttemptAt().toString(),
                        String.valueOf(m.acceptedAt()), String.valueOf(m.acceptedStatus()),
                        String.valueOf(m.attempts()), String.valueOf(m.rejection()))));
        write(directory.resolve("sent.tsv"), sent);

        List<String> deliveries = new ArrayList<>(List.of(
                "receivedAt\trespondedAt\ttype\tconversation\tidempotencyKey\tstatus\tprocessed\tsignatureValid"));
        recordings.deliveries().stream()
                .sorted(Comparator.comparing(Delivery::receivedAt))
                .forEach(d -> deliveries.add(String.join("\t", d.receivedAt().toString(), d.respondedAt().toString(),
                        String.valueOf(d.type()), d.conversation(), String.valueOf(d.idempotencyKey()),
                        String.valueOf(d.status()), String.valueOf(d.processed()), String.valueOf(d.signatureValid()))));
        write(directory.resolve("deliveries.tsv"), deliveries);

        List<String> calls = new ArrayList<>(List.of("startedAt\tendedAt\tstatus\tlastUserMessage"));
        recordings.aiCalls().stream()
                .sorted(Comparator.comparing(RecordedCall::startedAt))
                .forEach(c -> calls.add(String.join("\t", c.startedAt().toString(), c.endedAt().toString(),
                        String.valueOf(c.status()), String.valueOf(c.lastUserMessage()).replace('\n', ' '))));
        write(directory.resolve("ai-calls.tsv"), calls);

        List<String> faults = new ArrayList<>(List.of("startedAt\tendedAt\tkind\ttarget\tdetail"));
        for (FaultEvent fault : recordings.faults()) {
            faults.add(String.join("\t", fault.startedAt().toString(), fault.endedAt().toString(), fault.kind().name(),
                    fault.target(), fault.detail()));
        }
        write(directory.resolve("faults.tsv"), faults);

        List<String> dead = new ArrayList<>(List.of("id\tconversation\tmessageId\treason\tattempts\terror"));
        for (PacerClient.DeadLetterView letter : recordings.deadLetters()) {
            dead.add(String.join("\t", letter.id(), letter.botId() + "/" + letter.userId(), String.valueOf(letter.messageId()),
                    letter.reason(), String.valueOf(letter.attempts()), letter.error().replace('\n', ' ')));
        }
        write(directory.resolve("dead-letters.tsv"), dead);
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}

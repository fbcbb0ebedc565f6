package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the replay command over real HTTP against {@link FakePacer} on 127.0.0.1. */
@Timeout(60)
class ReplayCommandEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Seven messages from three senders, one with empty text, a few seconds apart. */
    private static final String CHAT_LOG = """
            1591056357
            alice
            hi, is anyone here?

            1591056358
            alice
            I have a question

            1591056360
            Bob Smith
            hello

            1591056361
            alice


            1591056363
            carol
            good morning

            1591056364
            Bob Smith
            what's up?

            1591056366
            alice
            about the release

            """;

    @TempDir
    Path directory;

    private record Run(int exitCode, String out, String err) {

        JsonNode json() throws IOException {
            return MAPPER.readTree(out);
        }
    }

    private Path writeLog(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static Run replay(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = ReplayCommand.run(List.of(args), env, outStream, errStream);
        }
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(URI url, Path log, String... extra) {
        List<String> args = new ArrayList<>(List.of("--url", url.toString(), "--run-id", "t", "--speed", "100",
                "--timeout", "10", "--request-timeout", "5"));
        args.addAll(List.of(extra));
        args.add(log.toString());
        return args.toArray(String[]::new);
    }

    @Test
    void sseRunSendsAndCollectsEveryReply() throws Exception {
        Path log = writeLog("chat.txt", CHAT_LOG);
        try (FakePacer pacer = FakePacer.start().requireApiKey("k-123")) {

            Run run = replay(Map.of("PACER_API_KEY", "k-123"), args(pacer.url(), log, "--json"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            List<JsonNode> received = pacer.receivedMessages();
            assertThat(received).hasSize(6);
            assertThat(received).extracting(message -> message.path("messageId").asText())
                    .containsExactlyInAnyOrder("t-r1", "t-r2", "t-r3", "t-r5", "t-r6", "t-r7");
            assertThat(received).allSatisfy(message -> assertThat(message.path("botId").asText()).isEqualTo("replay"));
            JsonNode bobsFirst = received.stream()
                    .filter(message -> message.path("messageId").asText().equals("t-r3")).findFirst().orElseThrow();
            assertThat(bobsFirst.path("userId").asText()).isEqualTo(SenderIds.toSafeId("Bob Smith"));
            assertThat(bobsFirst.path("chatId").asText()).isEqualTo(SenderIds.toSafeId("Bob Smith"));
            assertThat(bobsFirst.path("text").asText()).isEqualTo("hello");
            assertThat(pacer.messagesBeforeStreamOpen()).isZero();

            JsonNode summary = run.json();
            assertThat(summary.path("ok").asBoolean()).isTrue();
            assertThat(summary.path("messages").path("read").asInt()).isEqualTo(7);
            assertThat(summary.path("messages").path("skippedEmpty").asInt()).isEqualTo(1);
            assertThat(summary.path("messages").path("sent").asInt()).isEqualTo(6);
            assertThat(summary.path("messages").path("accepted").asInt()).isEqualTo(6);
            assertThat(summary.path("replies").path("conversations").asInt()).isEqualTo(3);
            assertThat(summary.path("replies").path("replyEvents").asInt()).isEqualTo(6);
            assertThat(summary.path("replies").path("typingEvents").asInt()).isEqualTo(6);
            assertThat(summary.path("replies").path("answered").asInt()).isEqualTo(6);
            assertThat(summary.path("replies").path("lost").asInt()).isZero();
            assertThat(summary.path("replies").path("orderViolations").asInt()).isZero();
            assertThat(summary.path("replies").path("overlaps").asInt()).isZero();
            assertThat(summary.path("timingMs").path("replyDelay").path("min").asLong())
                    .isGreaterThanOrEqualTo(FakePacer.REPLY_DELAY.toMillis() - 5);
            assertThat(summary.path("run").path("events").asText()).isEqualTo("sse");
        }
    }

    @Test
    void textSummaryIsPrintedByDefault() throws Exception {
        Path log = writeLog("chat.txt", CHAT_LOG);
        try (FakePacer pacer = FakePacer.start()) {

            Run run = replay(Map.of(), args(pacer.url(), log, "--limit", "3"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("Pacer replay of " + log + " (four-line) against " + pacer.url());
            assertThat(run.out()).containsPattern("skipped, beyond --limit +3");
            assertThat(run.out()).containsPattern("answered messages +3");
            assertThat(run.out()).endsWith("Result: OK" + System.lineSeparator());
            assertThat(run.err()).contains("sending 3 messages of 2 users to");
        }
    }

    @Test
    void missingReplyIsLostAndFailsRun() throws Exception {
        Path log = writeLog("chat.txt", CHAT_LOG);
        try (FakePacer pacer = FakePacer.start().dropReplyTo("t-r2")) {

            Run run = replay(Map.of(), args(pacer.url(), log, "--json", "--timeout", "1"));

            assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FAILED);
            JsonNode summary = run.json();
            assertThat(summary.path("ok").asBoolean()).isFalse();
            assertThat(summary.path("replies").path("lost").asInt()).isEqualTo(1);
            assertThat(summary.path("replies").path("answered").asInt()).isEqualTo(5);
            assertThat(summary.path("findings").get(0).path("kind").asText()).isEqualTo("lost");
            assertThat(summary.path("findings").get(0).path("messageId").asText()).isEqualTo("t-r2");
            assertThat(run.err()).contains("timed out");
        }
    }

    @Test
    void parallelRepliesBreakOrder() throws Exception {
        // A long message and a short one a second apart: a naive server that works on both at once
        // finishes the short one first.
        Path log = writeLog("burst.csv", """
                timestamp,sender,text
                100,alice,"Could you summarise the whole release plan for me, with dates?"
                101,alice,ok?
                """);
        try (FakePacer pacer = FakePacer.start().answerInParallel()) {

            Run run = replay(Map.of(), args(pacer.url(), log, "--json"));

            assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FAILED);
            JsonNode replies = run.json().path("replies");
            assertThat(replies.path("orderViolations").asInt()).isEqualTo(1);
            assertThat(replies.path("overlaps").asInt()).isEqualTo(1);
            assertThat(replies.path("lost").asInt()).isZero();
        }
    }

    @Test
    void webhookRunVerifiesSignaturesAndDropsRepeats() throws Exception {
        Path log = writeLog("chat.txt", CHAT_LOG);
        int port = freePort();
        URI webhook = URI.create("http://127.0.0.1:" + port + "/hooks/pacer");
        try (FakePacer pacer = FakePacer.start().deliverByWebhook(webhook, "s3cret", true)) {

            Run run = replay(Map.of(), args(pacer.url(), log, "--json", "--events", "webhook", "--listen",
                    "127.0.0.1:" + port, "--webhook-secret", "s3cret"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode summary = run.json();
            assertThat(summary.path("replies").path("answered").asInt()).isEqualTo(6);
            assertThat(summary.path("replies").path("duplicateReplies").asInt()).isZero();
            assertThat(summary.path("deliveries").path("repeatedDeliveries").asInt()).isGreaterThanOrEqualTo(6);
            assertThat(summary.path("deliveries").path("invalidSignatures").asInt()).isZero();
            assertThat(summary.path("run").path("events").asText()).isEqualTo("webhook");
        }
    }

    @Test
    void wrongWebhookSecretRejectsEveryDelivery() throws Exception {
        Path log = writeLog("chat.txt", CHAT_LOG);
        int port = freePort();
        URI webhook = URI.create("http://127.0.0.1:" + port + "/");
        try (FakePacer pacer = FakePacer.start().deliverByWebhook(webhook, "other", false)) {

            Run run = replay(Map.of("PACER_WEBHOOK_SECRET", "s3cret"), args(pacer.url(), log, "--json", "--events",
                    "webhook", "--listen", "127.0.0.1:" + port, "--timeout", "1"));

            assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FAILED);
            JsonNode summary = run.json();
            assertThat(summary.path("replies").path("lost").asInt()).isEqualTo(6);
            assertThat(summary.path("deliveries").path("invalidSignatures").asInt()).isEqualTo(12);
        }
    }

    @Test
    void rejectedEventStreamStopsRunBeforeSending() throws Exception {
        Path log = writeLog("chat.txt", CHAT_LOG);
        try (FakePacer pacer = FakePacer.start().requireApiKey("k-123")) {

            Run run = replay(Map.of(), args(pacer.url(), log));

            assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_FAILED);
            assertThat(run.err()).contains("could not open 3 of 3 event streams").contains("returned HTTP 401: Unauthorized");
            assertThat(run.out()).isEmpty();
            assertThat(pacer.receivedMessages()).isEmpty();
        }
    }

    @Test
    void rejectedMessagesAreCountedByStatus() throws Exception {
        Path log = writeLog("chat.txt", CHAT_LOG);
        try (FakePacer pacer = FakePacer.start().rejectMessages(503)) {

            Run run = replay(Map.of(), args(pacer.url(), log, "--json"));

            assertThat(run.exitCode()).as("a rejection breaks no promise").isZero();
            JsonNode messages = run.json().path("messages");
            assertThat(messages.path("accepted").asInt()).isZero();
            assertThat(messages.path("rejected").asInt()).isEqualTo(6);
            assertThat(messages.path("rejectedByStatus").path("503").path("count").asInt()).isEqualTo(6);
            assertThat(messages.path("rejectedByStatus").path("503").path("firstProblem").asText())
                    .isEqualTo("the store is unavailable: retry later");
        }
    }

    @Test
    void textResultMentionsRejections() throws Exception {
        Path log = writeLog("chat.txt", CHAT_LOG);
        try (FakePacer pacer = FakePacer.start().rejectMessages(503)) {

            Run run = replay(Map.of(), args(pacer.url(), log));

            assertThat(run.out()).containsPattern("HTTP 503 +6  first: the store is unavailable: retry later");
            assertThat(run.out()).contains("Result: OK for the accepted messages, but 6 rejected");
        }
    }

    @Test
    void invalidLogIsUsageError() throws Exception {
        Path log = writeLog("broken.txt", "100\nalice\nfirst\nsecond\n");

        Run run = replay(Map.of(), "--url", "http://127.0.0.1:9", log.toString());

        assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(run.err()).contains("invalid log " + log + " (four-line), line 4:");
        assertThat(run.err()).contains("--help");
    }

    @Test
    void missingLogFileIsUsageError() {
        Run run = replay(Map.of(), directory.resolve("absent.csv").toString());

        assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(run.err()).contains("log file not found");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        Run run = replay(Map.of(), "--help");

        assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_OK);
        assertThat(run.out()).startsWith("Usage: pacer replay [options] FILE");
    }

    /** Returns a port that was free on 127.0.0.1 a moment ago. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

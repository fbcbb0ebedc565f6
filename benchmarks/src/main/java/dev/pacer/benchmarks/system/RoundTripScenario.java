package dev.pacer.benchmarks.system;

import dev.pacer.adapters.redis.RedisBenchSupport;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.infra.RespClient;
import dev.pacer.domain.PacingPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what one dispatched message costs in Redis by watching MONITOR while queued conversations
 * are dispatched at zero delay. MONITOR marks each command as sent by a client or run by a script
 * ({@code [0 lua]}), so it separates round trips from the commands that scripts run inside Redis.
 * A pipelined batch is one round trip: the schedule refresh sends its 512 ZRANGE reads and one
 * EVAL of TIME together, so it is counted once, by that EVAL.
 */
public final class RoundTripScenario {

    private static final String START_MARK = "pacer-bench-start";
    private static final String END_MARK = "pacer-bench-end";
    private static final String TIME_SCRIPT = "return redis.call('TIME')";

    /**
     * @param clientCallsPerMessage client commands per message by name, script calls by the script they run
     * @param roundTripsPerMessage client commands per message, a refresh batch counted once
     * @param commandsPerMessage every command per message, script-invoked ones included
     */
    public record Result(int messages, Map<String, Double> clientCallsPerMessage, double roundTripsPerMessage,
            double commandsPerMessage, double scriptCommandsPerMessage) {}

    private final PrivateRedis redis;
    private final int concurrency;

    public RoundTripScenario(PrivateRedis redis, int concurrency) {
        this.redis = redis;
        this.concurrency = concurrency;
    }

    public Result run(Conversations set, Duration timeout) throws Exception {
        new DispatchScenario(redis, concurrency).enqueue(set);
        Map<String, String> scripts = RedisBenchSupport.scriptNamesBySha(TIME_SCRIPT);

        MonitorCounts counts = new MonitorCounts(scripts);
        RespClient monitor = redis.connect();
        Thread reader = Thread.ofPlatform().name("bench-monitor").start(() -> monitor.monitor(counts::accept));
        ReplyRecorder recorder = new ReplyRecorder(set, null);
        try (RespClient marks = redis.connect();
                PacerInstance instance = PacerInstance.create(redis.url(), concurrency, PacingPolicy.immediate(), recorder)) {
            marks.command("ECHO", START_MARK);
            instance.start();
            if (!recorder.awaitSent(set.messages(), timeout)) {
                throw new IllegalStateException("round-trip run sent " + recorder.sent() + " of " + set.messages()
                        + " replies within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
            marks.command("ECHO", END_MARK);
            Thread.sleep(200);
        } finally {
            monitor.close();
            reader.join(5_000);
        }

        double messages = set.messages();
        Map<String, Double> perMessage = new TreeMap<>();
        counts.clientCalls.forEach((name, calls) -> perMessage.put(name, calls / messages));
        long roundTrips = counts.clientTotal - counts.clientCalls.getOrDefault("zrange (inside refresh batches)", 0L);
        return new Result(set.messages(), perMessage, roundTrips / messages,
                (counts.clientTotal + counts.scriptTotal) / messages, counts.scriptTotal / messages);
    }

    /** Tallies MONITOR lines between the start and end marks. Used by the reader thread only until it is joined. */
    private static final class MonitorCounts {

        private final Map<String, String> scriptsBySha;
        private final Map<String, Long> clientCalls = new TreeMap<>();
        private long clientTotal;
        private long scriptTotal;
        private boolean counting;
        private boolean done;

        MonitorCounts(Map<String, String> scriptsBySha) {
            this.scriptsBySha = scriptsBySha;
        }

        /** Parses a line such as {@code 1700000000.123456 [0 127.0.0.1:50412] "evalsha" "3f2a..." "5" ...}. */
        void accept(String line) {
            if (done) {
                return;
            }
            int open = line.indexOf('[');
            int close = line.indexOf(']', open);
            if (open < 0 || close < 0) {
                return;
            }
            String source = line.substring(open + 1, close);
            String[] args = quotedArguments(line.substring(close + 1));
            if (args.length == 0) {
                return;
            }

            String command = args[0].toLowerCase();
            if (command.equals("echo") && args.length > 1) {
                if (args[1].equals(START_MARK)) {
                    counting = true;
                } else if (args[1].equals(END_MARK)) {
                    done = true;
                }
                return;
            }
            if (!counting) {
                return;
            }

            if (source.endsWith(" lua")) {
                scriptTotal++;
                return;
            }
            clientTotal++;
            clientCalls.merge(clientCallName(command, args), 1L, Long::sum);
        }

        /** Names a script call by its script, since Redisson sends the refresh's TIME read by EVAL or EVALSHA. */
        private String clientCallName(String command, String[] args) {
            if (command.equals("evalsha") && args.length > 1) {
                String script = scriptsBySha.getOrDefault(args[1], "unknown script");
                return script.equals("refresh batch") ? script : "evalsha " + script;
            }
            if (command.equals("eval") && args.length > 1 && args[1].equals(TIME_SCRIPT)) {
                return "refresh batch";
            }
            return switch (command) {
                case "zrange" -> "zrange (inside refresh batches)";
                case "client" -> "client setname (new connection)";
                case "ping" -> "ping (connection keep-alive)";
                default -> command;
            };
        }

        /** Splits {@code "a" "b\"c"} into its unescaped arguments; only the first two are needed exactly. */
        private static String[] quotedArguments(String text) {
            java.util.List<String> args = new java.util.ArrayList<>();
            int i = 0;
            while (i < text.length() && args.size() < 3) {
                int start = text.indexOf('"', i);
                if (start < 0) {
                    break;
                }
                StringBuilder arg = new StringBuilder();
                int j = start + 1;
                while (j < text.length() && text.charAt(j) != '"') {
                    if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                        j++;
                    }
                    arg.append(text.charAt(j));
                    j++;
                }
                args.add(arg.toString());
                i = j + 1;
            }
            return args.toArray(String[]::new);
        }
    }
}

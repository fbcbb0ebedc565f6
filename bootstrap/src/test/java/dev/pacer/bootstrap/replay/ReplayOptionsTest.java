package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayOptionsTest {

    private static ReplayOptions parse(String... args) throws UsageException {
        return ReplayOptions.parse(List.of(args), Map.of());
    }

    @Test
    void defaultsApplyWithOnlyFile() throws Exception {
        ReplayOptions options = parse("chat.txt");

        assertThat(options.file()).isEqualTo(Path.of("chat.txt"));
        assertThat(options.format()).isEqualTo(LogFormat.FOUR_LINE);
        assertThat(options.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(options.apiKey()).isNull();
        assertThat(options.botId()).isEqualTo("replay");
        assertThat(options.runId()).matches("[0-9a-f]{8}");
        assertThat(options.speed()).isEqualTo(60.0);
        assertThat(options.maxGap()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.limit()).isEmpty();
        assertThat(options.events()).isEqualTo(EventsMode.SSE);
        assertThat(options.listen()).isNull();
        assertThat(options.webhookSecret()).isNull();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.json()).isFalse();
        assertThat(options.help()).isFalse();
    }

    @Test
    void defaultRunIdDiffersBetweenRuns() throws Exception {
        assertThat(parse("chat.txt").runId()).isNotEqualTo(parse("chat.txt").runId());
    }

    @Test
    void everyOptionIsParsed() throws Exception {
        ReplayOptions options = parse("--url", "http://127.0.0.1:9000/pacer/", "--format=csv", "--api-key", "k1",
                "--bot", "bot7", "--run-id", "night-1", "--speed", "2.5", "--max-gap", "0.25", "--limit", "5",
                "--events", "webhook", "--listen", "127.0.0.1:0", "--webhook-secret", "s3", "--timeout", "30",
                "--request-timeout", "2", "--json", "log.data");

        assertThat(options.file()).isEqualTo(Path.of("log.data"));
        assertThat(options.format()).isEqualTo(LogFormat.CSV);
        assertThat(options.url()).isEqualTo(URI.create("http://127.0.0.1:9000/pacer"));
        assertThat(options.apiKey()).isEqualTo("k1");
        assertThat(options.botId()).isEqualTo("bot7");
        assertThat(options.runId()).isEqualTo("night-1");
        assertThat(options.speed()).isEqualTo(2.5);
        assertThat(options.maxGap()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.limit()).isEqualTo(OptionalInt.of(5));
        assertThat(options.events()).isEqualTo(EventsMode.WEBHOOK);
        assertThat(options.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 0));
        assertThat(options.webhookSecret()).isEqualTo("s3");
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.json()).isTrue();
    }

    @Test
    void environmentSuppliesKeyAndSecret() throws Exception {
        Map<String, String> env = Map.of("PACER_API_KEY", "from-env", "PACER_WEBHOOK_SECRET", "env-secret");

        ReplayOptions options = ReplayOptions.parse(
                List.of("--events", "webhook", "--listen", "127.0.0.1:0", "chat.csv"), env);
        ReplayOptions explicit = ReplayOptions.parse(List.of("--api-key", "flag", "chat.csv"), env);

        assertThat(options.apiKey()).isEqualTo("from-env");
        assertThat(options.webhookSecret()).isEqualTo("env-secret");
        assertThat(explicit.apiKey()).isEqualTo("flag");
    }

    @ParameterizedTest
    @CsvSource({"result.json, TELEGRAM", "chat.CSV, CSV", "day.txt, FOUR_LINE", "irc.log, FOUR_LINE"})
    void formatFollowsExtension(String file, LogFormat expected) throws Exception {
        assertThat(parse(file).format()).isEqualTo(expected);
    }

    @Test
    void helpNeedsNoFile() throws Exception {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("-h").help()).isTrue();
    }

    @Test
    void helpListsEveryOptionWithDefault() {
        List<String> options = List.of("--url", "--format", "--api-key", "--bot", "--run-id", "--speed", "--max-gap",
                "--limit", "--events", "--listen", "--webhook-secret", "--timeout", "--request-timeout", "--json",
                "--help");

        for (String option : options) {
            assertThat(ReplayOptions.HELP).containsPattern("\\n  (-h, )?" + option + " ");
        }
        assertThat(ReplayOptions.HELP).contains("(default http://127.0.0.1:8080)");
        assertThat(ReplayOptions.HELP).contains("(default replay)");
        assertThat(ReplayOptions.HELP).contains("(default 60)");
        assertThat(ReplayOptions.HELP).contains("(default 10)");
        assertThat(ReplayOptions.HELP).contains("(default 120)");
        assertThat(ReplayOptions.HELP).contains("(default sse)");
        assertThat(ReplayOptions.HELP).contains("PACER_API_KEY");
        assertThat(ReplayOptions.HELP).contains("PACER_WEBHOOK_SECRET");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "                                                    | missing log FILE",
        "a.txt b.txt                                         | more than one log file given",
        "--speed 0 a.txt                                     | invalid --speed 0",
        "--speed fast a.txt                                  | invalid --speed fast",
        "--max-gap -1 a.txt                                  | invalid --max-gap -1",
        "--timeout soon a.txt                                | invalid --timeout soon",
        "--request-timeout 0 a.txt                           | invalid --request-timeout 0",
        "--limit -3 a.txt                                    | invalid --limit -3",
        "--events poll a.txt                                 | invalid --events poll",
        "--format xml a.txt                                  | invalid --format xml",
        "chat.xml                                            | cannot tell the format of chat.xml",
        "--url ftp://host a.txt                              | invalid --url ftp://host",
        "--bot has:colon a.txt                               | invalid --bot has:colon",
        "--run-id bad/id a.txt                               | invalid --run-id bad/id",
        "--events webhook a.txt                              | --events webhook requires --listen",
        "--events webhook --listen nohost a.txt              | invalid --listen nohost",
        "--events webhook --listen 127.0.0.1:99999 a.txt     | invalid --listen port",
        "--listen 127.0.0.1:9000 a.txt                       | apply only with --events webhook",
        "--verbose a.txt                                     | unknown option --verbose",
        "a.txt --url                                         | missing value for --url",
        "--json=yes a.txt                                    | --json takes no value",
    })
    void invalidInputIsRejected(String args, String message) {
        String[] split = args == null ? new String[0] : args.trim().split("\\s+");

        assertThatThrownBy(() -> parse(split))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void runIdLongerThanLimitIsRejected() {
        String runId = "r".repeat(ReplayOptions.MAX_RUN_ID_LENGTH + 1);

        assertThatThrownBy(() -> parse("--run-id", runId, "a.txt"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("use 1 to 64 characters");
    }
}

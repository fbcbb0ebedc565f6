package dev.pacer.bootstrap.replay;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options of {@code pacer replay}, parsed and checked.
 *
 * @param url Pacer's base URL without a trailing slash
 * @param apiKey bearer token, or null to send no {@code Authorization} header
 * @param runId prefix of every message id
 * @param limit maximum number of messages with text to send, empty for all
 * @param listen address of the webhook receiver, or null in SSE mode
 * @param webhookSecret HMAC-SHA256 key for {@code X-Pacer-Signature}, or null to skip the check
 * @param timeout how long to wait for replies after the last send
 * @param requestTimeout maximum time for one message POST, and for an event stream to respond
 */
record ReplayOptions(
        Path file,
        LogFormat format,
        URI url,
        String apiKey,
        String botId,
        String runId,
        double speed,
        Duration maxGap,
        OptionalInt limit,
        EventsMode events,
        InetSocketAddress listen,
        String webhookSecret,
        Duration timeout,
        Duration requestTimeout,
        boolean json,
        boolean help) {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String DEFAULT_BOT_ID = "replay";
    static final double DEFAULT_SPEED = 60;
    static final Duration DEFAULT_MAX_GAP = Duration.ofSeconds(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Maximum run id length, so that {@code <runId>-r<position>} stays within Pacer's 128-character ids. */
    static final int MAX_RUN_ID_LENGTH = 64;

    static final String HELP = """
            Usage: pacer replay [options] FILE

            Replays a chat log against a running Pacer over HTTP and checks that Pacer answered
            every accepted message once, in the order accepted, and one message at a time per user.

            FILE is one of:
              a Telegram Desktop chat export in JSON (result.json), detected by .json
              CSV with a header row timestamp,sender,text, detected by .csv; the timestamp is
                unix seconds or ISO-8601, and fields are quoted as RFC 4180 describes
              the four-line format, detected by .txt or .log: unix seconds, sender, text (may be
                empty), empty line, for each message
            Each sender becomes a Pacer user whose userId and chatId are the sender name mapped
            to the characters A-Z a-z 0-9 _ - . @. Messages with empty text are skipped, because
            Pacer rejects them.

            Options:
              --url URL                  Pacer's base URL (default http://127.0.0.1:8080)
              --format FORMAT            telegram, csv or four-line (default: from the file extension)
              --api-key KEY              bearer token for Pacer's /v1 endpoints (default: the
                                         environment variable PACER_API_KEY, else no token)
              --bot ID                   botId of every message (default replay)
              --run-id ID                prefix of every messageId, <ID>-r<position in the log>;
                                         passing the id of an earlier run resends the same ids,
                                         which Pacer accepts but does not answer again
                                         (default: 8 random hex digits)
              --speed FACTOR             divide the gaps between messages by FACTOR (default 60)
              --max-gap SECONDS          maximum gap between two sends after the division
                                         (default 10)
              --limit N                  send only the first N messages that have text
                                         (default: all)
              --events MODE              sse: open GET /v1/chats/{chatId}/events for every chat
                                         before the first send; webhook: receive Pacer's webhook
                                         POSTs on --listen (default sse)
              --listen HOST:PORT         address of the webhook receiver; set Pacer's
                                         PACER_WEBHOOK_URL to http://HOST:PORT/ (required with
                                         --events webhook, no default)
              --webhook-secret SECRET    reject webhook POSTs whose X-Pacer-Signature is not the
                                         HMAC-SHA256 of the body with SECRET (default: the
                                         environment variable PACER_WEBHOOK_SECRET, else no check)
              --timeout SECONDS          how long to wait for missing replies after the last send
                                         (default 120)
              --request-timeout SECONDS  maximum time for one message POST, and for an event
                                         stream to respond (default 10)
              --json                     print the summary as JSON instead of text
              -h, --help                 print this help and exit

            The messages of one user are sent one request at a time in log order, so the order
            Pacer accepted them in is known. Sends to different users are independent, and a slow
            response delays only the same user's next message.

            Exit status: 0 when every accepted message got a reply, in order and without overlap;
            1 when a message was lost, a reply came out of order, two messages of one user were
            worked on at once, a send got no HTTP response, or the run could not start (Pacer or
            the listen address unreachable); 2 on invalid options or an unreadable log.
            """;

    /**
     * Parses the command line, taking {@code PACER_API_KEY} and {@code PACER_WEBHOOK_SECRET} from {@code env}.
     *
     * @throws UsageException naming the invalid option and its valid values
     */
    static ReplayOptions parse(List<String> args, Map<String, String> env) throws UsageException {
        return new Parser(env).parse(args);
    }

    /** Collects option values in the order given, then checks them together. */
    private static final class Parser {

        private final Map<String, String> env;

        private Path file;
        private String format;
        private String url = DEFAULT_URL;
        private String apiKey;
        private String botId = DEFAULT_BOT_ID;
        private String runId;
        private double speed = DEFAULT_SPEED;
        private Duration maxGap = DEFAULT_MAX_GAP;
        private OptionalInt limit = OptionalInt.empty();
        private EventsMode events = EventsMode.SSE;
        private String listen;
        private String webhookSecret;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private boolean json;
        private boolean help;

        Parser(Map<String, String> env) {
            this.env = env;
        }

        ReplayOptions parse(List<String> args) throws UsageException {
            boolean optionsEnded = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                    setFile(arg);
                    continue;
                }
                if (arg.equals("--")) {
                    optionsEnded = true;
                    continue;
                }

                String name = arg;
                String value = null;
                int equals = arg.indexOf('=');
                if (arg.startsWith("--") && equals > 0) {
                    name = arg.substring(0, equals);
                    value = arg.substring(equals + 1);
                }

                if (isFlag(name)) {
                    if (value != null) {
                        throw new UsageException(name + " takes no value, got " + arg);
                    }
                    setFlag(name);
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("missing value for " + name);
                    }
                    value = args.get(++i);
                }
                set(name, value);
            }
            return help ? helpOnly() : build();
        }

        private static boolean isFlag(String name) {
            return switch (name) {
                case "--json", "--help", "-h" -> true;
                default -> false;
            };
        }

        private void setFlag(String name) {
            if (name.equals("--json")) {
                json = true;
            } else {
                help = true;
            }
        }

        private void set(String name, String value) throws UsageException {
            switch (name) {
                case "--url" -> url = value;
                case "--format" -> format = value;
                case "--api-key" -> apiKey = value;
                case "--bot" -> botId = value;
                case "--run-id" -> runId = value;
                case "--speed" -> speed = positiveNumber(name, value);
                case "--max-gap" -> maxGap = seconds(name, value);
                case "--limit" -> limit = OptionalInt.of(nonNegativeInteger(name, value));
                case "--events" -> events = eventsMode(value);
                case "--listen" -> listen = value;
                case "--webhook-secret" -> webhookSecret = value;
                case "--timeout" -> timeout = seconds(name, value);
                case "--request-timeout" -> requestTimeout = positiveSeconds(name, value);
                default -> throw new UsageException("unknown option " + name);
            }
        }

        private void setFile(String arg) throws UsageException {
            if (file != null) {
                throw new UsageException("more than one log file given: " + file + " and " + arg);
            }
            try {
                file = Path.of(arg);
            } catch (InvalidPathException e) {
                throw new UsageException("invalid file name " + arg + ": " + e.getReason());
            }
        }

        private ReplayOptions helpOnly() {
            return new ReplayOptions(null, null, null, null, botId, null, speed, maxGap, limit, events, null, null,
                    timeout, requestTimeout, json, true);
        }

        private ReplayOptions build() throws UsageException {
            if (file == null) {
                throw new UsageException("missing log FILE");
            }
            LogFormat logFormat = logFormat();
            URI baseUrl = baseUrl();
            if (!SenderIds.isSafe(botId)) {
                throw new UsageException("invalid --bot " + botId + ": use 1 to 128 characters from A-Z a-z 0-9 _ - . @");
            }
            String run = runId == null ? HexFormat.of().formatHex(new SecureRandom().generateSeed(4)) : runId;
            if (!SenderIds.isSafe(run) || run.length() > MAX_RUN_ID_LENGTH) {
                throw new UsageException("invalid --run-id " + run + ": use 1 to " + MAX_RUN_ID_LENGTH
                        + " characters from A-Z a-z 0-9 _ - . @");
            }

            InetSocketAddress listenAddress = null;
            String secret = null;
            if (events == EventsMode.WEBHOOK) {
                if (listen == null) {
                    throw new UsageException("--events webhook requires --listen HOST:PORT, the address that Pacer's "
                            + "PACER_WEBHOOK_URL points to");
                }
                listenAddress = listenAddress(listen);
                secret = webhookSecret != null ? webhookSecret : env.get("PACER_WEBHOOK_SECRET");
            } else if (listen != null || webhookSecret != null) {
                throw new UsageException("--listen and --webhook-secret apply only with --events webhook");
            }

            String key = apiKey != null ? apiKey : env.get("PACER_API_KEY");
            if (key != null && key.isBlank()) {
                key = null;
            }
            if (secret != null && secret.isEmpty()) {
                secret = null;
            }
            return new ReplayOptions(file, logFormat, baseUrl, key, botId, run, speed, maxGap, limit, events,
                    listenAddress, secret, timeout, requestTimeout, json, false);
        }

        private LogFormat logFormat() throws UsageException {
            if (format != null) {
                return LogFormat.fromOptionName(format).orElseThrow(() -> new UsageException(
                        "invalid --format " + format + ": use telegram, csv or four-line"));
            }
            Optional<LogFormat> detected = LogFormat.fromExtension(file);
            return detected.orElseThrow(() -> new UsageException("cannot tell the format of " + file
                    + " from its extension: pass --format telegram, csv or four-line"));
        }

        private URI baseUrl() throws UsageException {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new UsageException("invalid --url " + url + ": " + e.getReason());
            }
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new UsageException("invalid --url " + url + ": use http://HOST:PORT or https://HOST:PORT, "
                        + "optionally with a path prefix, without query or fragment");
            }
            String withoutTrailingSlash = url.replaceAll("/+$", "");
            return URI.create(withoutTrailingSlash);
        }

        private static InetSocketAddress listenAddress(String value) throws UsageException {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new UsageException("invalid --listen " + value + ": use HOST:PORT, for example 127.0.0.1:8090");
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UsageException("invalid --listen port in " + value + ": use a number from 0 to 65535");
            }
            if (port < 0 || port > 65_535) {
                throw new UsageException("invalid --listen port in " + value + ": use a number from 0 to 65535");
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new UsageException("invalid --listen host " + host + ": the name does not resolve");
            }
            return address;
        }

        private static EventsMode eventsMode(String value) throws UsageException {
            return switch (value) {
                case "sse" -> EventsMode.SSE;
                case "webhook" -> EventsMode.WEBHOOK;
                default -> throw new UsageException("invalid --events " + value + ": use sse or webhook");
            };
        }

        private static double positiveNumber(String name, String value) throws UsageException {
            double number;
            try {
                number = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                number = Double.NaN;
            }
            if (!(number > 0) || Double.isInfinite(number)) {
                throw new UsageException("invalid " + name + " " + value + ": use a number greater than 0");
            }
            return number;
        }

        private static int nonNegativeInteger(String name, String value) throws UsageException {
            try {
                int number = Integer.parseInt(value);
                if (number >= 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // Reported below with the same message as a negative number.
            }
            throw new UsageException("invalid " + name + " " + value + ": use a whole number, 0 or more");
        }

        private static Duration seconds(String name, String value) throws UsageException {
            try {
                BigDecimal seconds = new BigDecimal(value);
                if (seconds.signum() >= 0 && seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                    return Duration.ofNanos(seconds.movePointRight(9).longValue());
                }
            } catch (NumberFormatException e) {
                // Reported below with the same message as a negative number.
            }
            throw new UsageException("invalid " + name + " " + value + ": use a number of seconds, 0 or more");
        }

        private static Duration positiveSeconds(String name, String value) throws UsageException {
            Duration duration = seconds(name, value);
            if (duration.isZero()) {
                throw new UsageException("invalid " + name + " " + value + ": use a number of seconds greater than 0");
            }
            return duration;
        }
    }
}

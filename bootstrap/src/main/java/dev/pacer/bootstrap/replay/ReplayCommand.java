package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code pacer replay} subcommand: replays a chat log against a running Pacer over HTTP and
 * reports whether Pacer kept its promises. {@link ReplayOptions#HELP} describes the options.
 */
public final class ReplayCommand {

    /** Exit status of a run in which Pacer kept its promises, and of {@code --help}. */
    public static final int EXIT_OK = 0;
    /** Exit status of a run that found a broken promise or could not run. */
    public static final int EXIT_FAILED = 1;
    /** Exit status for invalid options or an unreadable log, in which case nothing was sent. */
    public static final int EXIT_USAGE = 2;

    private ReplayCommand() {}

    /**
     * Runs the subcommand with the arguments after {@code replay}, reading {@code PACER_API_KEY} and
     * {@code PACER_WEBHOOK_SECRET} from the environment.
     *
     * @param out receives the summary, or the help text
     * @param err receives progress lines and error messages
     * @return {@link #EXIT_OK}, {@link #EXIT_FAILED} or {@link #EXIT_USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(Arrays.asList(args), System.getenv(), out, err);
    }

    /** Runs the subcommand with {@code env} in place of the process environment. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        ObjectMapper mapper = new ObjectMapper();

        ReplayOptions options;
        ReplayPlan plan;
        try {
            options = ReplayOptions.parse(args, env);
            if (options.help()) {
                out.print(ReplayOptions.HELP);
                return EXIT_OK;
            }
            List<ChatLogEntry> entries = readLog(options, mapper);
            plan = ReplayPlan.create(entries, options.runId(), options.speed(), options.maxGap(), options.limit());
        } catch (UsageException e) {
            err.println("replay: " + e.getMessage());
            err.println("Run 'pacer replay --help' to list the options.");
            return EXIT_USAGE;
        }

        ReplaySummary summary;
        try {
            summary = new ReplayRun(options, mapper, err).execute(plan);
        } catch (ReplayFailedException e) {
            err.println("replay: " + e.getMessage());
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("replay: interrupted before the summary was complete");
            return EXIT_FAILED;
        }

        out.print(options.json() ? SummaryJson.format(summary, mapper) : SummaryText.format(summary));
        out.flush();
        return summary.ok() ? EXIT_OK : EXIT_FAILED;
    }

    private static List<ChatLogEntry> readLog(ReplayOptions options, ObjectMapper mapper) throws UsageException {
        String source = options.file() + " (" + options.format().optionName() + ")";
        try (BufferedReader input = Files.newBufferedReader(options.file(), StandardCharsets.UTF_8)) {
            return options.format().reader(mapper).read(input);
        } catch (NoSuchFileException e) {
            throw new UsageException("log file not found: " + options.file());
        } catch (MalformedInputException e) {
            throw new UsageException("cannot read " + source + ": the file is not valid UTF-8");
        } catch (IOException e) {
            throw new UsageException("cannot read " + source + ": " + e.getMessage());
        } catch (MalformedLogException e) {
            throw new UsageException("invalid log " + source + ", " + e.getMessage());
        }
    }
}

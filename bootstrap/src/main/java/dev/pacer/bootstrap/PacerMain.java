package dev.pacer.bootstrap;

import dev.pacer.bootstrap.config.ConfigException;
import dev.pacer.bootstrap.config.ConfigLoader;
import dev.pacer.bootstrap.config.HelpText;
import dev.pacer.bootstrap.config.PacerConfig;
import dev.pacer.bootstrap.replay.ReplayCommand;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The entry point of {@code pacer.jar}: runs the service, or the replay tool with {@code replay}. */
public final class PacerMain {

    private static final Logger log = LoggerFactory.getLogger(PacerMain.class);

    private PacerMain() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            System.out.print(HelpText.render());
            return;
        }
        if (args.length > 0) {
            System.err.println("unknown argument: " + args[0] + "\nrun with --help to list commands and settings");
            System.exit(2);
        }
        int exitCode = run(System.getenv());
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Runs the service until SIGTERM or SIGINT; returns the exit code. */
    static int run(Map<String, String> env) {
        PacerConfig config;
        try {
            config = ConfigLoader.load(env);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println("run with --help to list every setting and its default");
            return 2;
        }
        Set<String> unknown = ConfigLoader.unknownVariables(env);
        if (!unknown.isEmpty()) {
            log.warn("ignoring unknown settings {}: check their spelling against --help", unknown);
        }

        Pacer pacer;
        try {
            pacer = Pacer.start(config, env);
        } catch (StartupException e) {
            log.error("Pacer failed to start: {}", e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            log.error("Pacer failed to start: {}", rootMessage(e), e);
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pacer.stop();
            stopped.countDown();
        }, "pacer-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}

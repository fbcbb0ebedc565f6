package dev.pacer.systemtests;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The system properties the system tests read. Maven's failsafe plugin sets them from the module's
 * pom, and a run overrides them with {@code -D}.
 */
public final class SystemTestConfig {

    private SystemTestConfig() {}

    /** Returns {@code -Dpacer.seed}, or a new random seed when it is unset or blank. */
    public static long seed() {
        String value = System.getProperty("pacer.seed", "").strip();
        if (value.isEmpty()) {
            return new SecureRandom().nextLong() & Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dpacer.seed must be a whole number, not " + value, e);
        }
    }

    /** Tells whether {@code -Dpacer.system.full=true} requests the long run. */
    public static boolean full() {
        return Boolean.parseBoolean(System.getProperty("pacer.system.full", "false"));
    }

    /** Returns the packaged service, {@code -Dpacer.jar}, by default {@code ../bootstrap/target/pacer.jar}. */
    public static Path jar() {
        return Path.of(System.getProperty("pacer.jar", "../bootstrap/target/pacer.jar")).toAbsolutePath().normalize();
    }

    /** Returns where runs keep their logs and reports, {@code -Dpacer.system.workDir}. */
    public static Path workDir() {
        return Path.of(System.getProperty("pacer.system.workDir", "target/system-tests")).toAbsolutePath().normalize();
    }
}

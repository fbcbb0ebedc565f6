package dev.pacer.benchmarks.infra;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Heap, resident memory and CPU time of this JVM and of child processes, read from the JVM and /proc. */
public final class ProcessStats {

    /** Clock ticks per second of /proc/PID/stat times; 100 on Linux for x86-64 and arm64. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {}

    /**
     * Runs two full collections and returns the heap in use afterwards, in bytes, so that only
     * reachable objects count.
     */
    public static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Returns the resident set size of this process from /proc, in bytes, or -1 where /proc is missing. */
    public static long residentBytes() {
        return residentBytes(ProcessHandle.current().pid());
    }

    /** Returns the resident set size of process {@code pid} from /proc, in bytes, or -1 where it cannot be read. */
    public static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Returns the CPU time (user and system) process {@code pid} has used, in seconds, or -1 where /proc is missing. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3, utime field 14 and stime field 15 of proc(5).
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Returns the CPU time, in seconds, that this JVM and its children that have exited used
     * (utime, stime, cutime and cstime of /proc/self/stat), or -1 where /proc is missing.
     */
    public static double ownCpuSecondsWithExitedChildren() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= 14; i++) {
                ticks += Long.parseLong(fields[i]);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Returns the CPU time, in seconds, that the whole machine spent busy (not idle, not waiting for I/O), from /proc/stat. */
    public static double machineBusyCpuSeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(fields.length, 8); i++) {
                // Counts user, nice, system, irq and softirq, but not idle, iowait, steal or guest (already in user).
                if (i <= 3 || i == 6 || i == 7) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

package dev.pacer.systemtests.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the system tests start, so that a JVM shutdown hook can SIGKILL the ones still
 * running when a test is aborted, times out or does not close them. Each process is killed by
 * its own handle, never by name.
 */
public final class ChildProcesses {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "system-tests-reaper"));
    }

    private ChildProcesses() {}

    /** Registers a started process and returns it. */
    public static Process register(Process process) {
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        return process;
    }

    /** Returns how many registered processes are still alive. */
    public static int alive() {
        return (int) RUNNING.stream().filter(Process::isAlive).count();
    }

    private static void killAll() {
        for (Process process : RUNNING) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}

package dev.pacer.benchmarks.system;

import dev.pacer.benchmarks.infra.ProcessStats;
import dev.pacer.benchmarks.infra.RespClient;
import java.util.HashMap;
import java.util.Map;

/**
 * A snapshot of the counters a scenario reads before and after its load: Redis commands by name
 * from INFO commandstats, total_commands_processed, used_memory and the CPU time of redis-server
 * and of the driver's JVM, with the moment it was taken.
 *
 * @param redisCpuSeconds used_cpu_user plus used_cpu_sys of redis-server
 * @param driverCpuSeconds CPU time of this JVM, from /proc
 */
public record RedisCounters(Map<String, Long> callsByCommand, long totalCommands, long usedMemory,
        double redisCpuSeconds, double driverCpuSeconds, long nanoTime) {

    public static RedisCounters read(RespClient redis) {
        Map<String, Long> calls = new HashMap<>();
        for (Map.Entry<String, String> field : redis.info("commandstats").entrySet()) {
            String value = field.getValue();
            int start = value.indexOf("calls=") + "calls=".length();
            calls.put(field.getKey().replace("cmdstat_", ""), Long.parseLong(value, start, value.indexOf(',', start), 10));
        }
        Map<String, String> cpu = redis.info("cpu");
        double redisCpu = Double.parseDouble(cpu.getOrDefault("used_cpu_user", "0"))
                + Double.parseDouble(cpu.getOrDefault("used_cpu_sys", "0"));
        return new RedisCounters(calls, redis.infoLong("stats", "total_commands_processed"),
                redis.infoLong("memory", "used_memory"), redisCpu,
                ProcessStats.cpuSeconds(ProcessHandle.current().pid()), System.nanoTime());
    }

    /** Returns the share of one core that redis-server used since {@code before}, in percent. */
    public double redisCpuPercentSince(RedisCounters before) {
        return 100 * (redisCpuSeconds - before.redisCpuSeconds) / ((nanoTime - before.nanoTime) / 1e9);
    }

    /** Returns the share of one core that the driver's JVM used since {@code before}, in percent. */
    public double driverCpuPercentSince(RedisCounters before) {
        return 100 * (driverCpuSeconds - before.driverCpuSeconds) / ((nanoTime - before.nanoTime) / 1e9);
    }

    /** Returns the calls of {@code command} (lower case) since {@code before}. */
    public long callsSince(RedisCounters before, String command) {
        return callsByCommand.getOrDefault(command, 0L) - before.callsByCommand.getOrDefault(command, 0L);
    }

    /** Returns every command counted since {@code before}, script-invoked ones included. */
    public long commandsSince(RedisCounters before) {
        return totalCommands - before.totalCommands;
    }
}

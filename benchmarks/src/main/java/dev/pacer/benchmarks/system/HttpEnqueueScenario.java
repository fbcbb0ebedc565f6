package dev.pacer.benchmarks.system;

import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.infra.ProcessStats;
import dev.pacer.benchmarks.infra.RespClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Enqueue throughput through the HTTP API: the service runs as its own process with only the API
 * role, so no dispatcher competes, and {@code concurrency} virtual threads POST /v1/messages over
 * their own keep-alive connections, ten messages per user, each with its own messageId.
 */
public final class HttpEnqueueScenario {

    private static final int MESSAGES_PER_USER = 10;

    /**
     * @param perSecond requests per second that returned 202
     * @param serviceRssBytes resident size of the service process after the load
     * @param serviceCpuPercent CPU of the service process during the timed requests, % of one core
     * @param livenessPerSecond GET /health/live requests per second with the same client: the cost of the HTTP
     *     stack alone, without JSON or Redis
     */
    public record Result(int requests, double perSecond, long serviceRssBytes, double serviceCpuPercent,
            double redisCpuPercent, double driverCpuPercent, double livenessPerSecond) {}

    private final PrivateRedis redis;
    private final int concurrency;
    private final Path pacerJar;
    private final Path workDirectory;

    public HttpEnqueueScenario(PrivateRedis redis, int concurrency, Path pacerJar, Path workDirectory) {
        this.redis = redis;
        this.concurrency = concurrency;
        this.pacerJar = pacerJar;
        this.workDirectory = workDirectory;
    }

    public Result run(int warmupRequests, int requests) throws Exception {
        redis.reset();
        Map<String, String> settings = Map.of(
                "PACER_STORE", "redis",
                "PACER_REDIS_URL", redis.url(),
                "PACER_ROLE", "api",
                "PACER_LOG_LEVEL", "WARN");
        try (PacerService service = PacerService.start(pacerJar, settings, workDirectory)) {
            send(service, "warm", warmupRequests);

            RedisCounters before;
            RedisCounters after;
            double serviceCpuBefore = ProcessStats.cpuSeconds(service.pid());
            long elapsed;
            try (RespClient raw = redis.connect()) {
                before = RedisCounters.read(raw);
                elapsed = send(service, "http", requests);
                after = RedisCounters.read(raw);
            }
            double serviceCpu = ProcessStats.cpuSeconds(service.pid()) - serviceCpuBefore;
            long liveness = ping(service, requests);

            return new Result(requests, requests / (elapsed / 1e9), ProcessStats.residentBytes(service.pid()),
                    100 * serviceCpu / (elapsed / 1e9), after.redisCpuPercentSince(before),
                    after.driverCpuPercentSince(before), requests / (liveness / 1e9));
        }
    }

    private long ping(PacerService service, int requests) throws InterruptedException {
        return load(service, requests, (http, item) -> {
            KeepAliveHttpClient.Response response = http.get("/health/live");
            if (response.status() != 200) {
                throw new IllegalStateException("GET /health/live returned " + response.status() + ": " + response.body());
            }
        });
    }

    private long send(PacerService service, String prefix, int requests) throws InterruptedException {
        return load(service, requests, (http, item) -> {
            int user = item / MESSAGES_PER_USER;
            String body = """
                    {"userId":"%s%d","chatId":"chat%d","text":"%s","messageId":"%s%d"}"""
                    .formatted(prefix, user, user, Conversations.text(user, item % MESSAGES_PER_USER), prefix, item);
            KeepAliveHttpClient.Response response = http.postJson("/v1/messages", body);
            if (response.status() != 202) {
                throw new IllegalStateException("POST /v1/messages returned " + response.status() + ": " + response.body());
            }
        });
    }

    /** Request number {@code item} on the calling thread's own connection. */
    @FunctionalInterface
    private interface Request {
        void send(KeepAliveHttpClient http, int item) throws Exception;
    }

    private long load(PacerService service, int requests, Request request) throws InterruptedException {
        ThreadLocal<KeepAliveHttpClient> connections = new ThreadLocal<>();
        List<KeepAliveHttpClient> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            return ConcurrentLoad.run(requests, concurrency, item -> {
                KeepAliveHttpClient http = connections.get();
                if (http == null) {
                    http = new KeepAliveHttpClient(service.port(), 30_000);
                    connections.set(http);
                    opened.add(http);
                }
                request.send(http, item);
            });
        } finally {
            opened.forEach(KeepAliveHttpClient::close);
        }
    }
}

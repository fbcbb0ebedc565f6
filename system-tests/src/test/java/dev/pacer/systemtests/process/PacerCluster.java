package dev.pacer.systemtests.process;

import dev.pacer.adapters.ai.stub.StubAiServer;
import dev.pacer.systemtests.fakes.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Pacer deployment on 127.0.0.1: one {@code redis-server}, a stub AI API and a webhook
 * receiver in this JVM, and Pacer instances as separate processes. Closing it kills every process
 * it started.
 */
public final class PacerCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PacerCluster.class);

    private final ClusterSettings settings;
    private final Path directory;
    private final RedisServer redis;
    private final StubAiServer ai;
    private final WebhookReceiver webhook;
    private final List<PacerProcess> instances = new ArrayList<>();

    private PacerCluster(ClusterSettings settings, Path directory, long seed) {
        this.settings = settings;
        this.directory = directory;
        this.redis = RedisServer.start(settings.persistence());
        this.ai = StubAiServer.start();
        this.ai.latency(settings.aiLatency());
        this.webhook = WebhookReceiver.start(settings.webhookSecret(), new Random(seed));
    }

    /**
     * Starts Redis, the stub AI and the receiver, then every instance at once, and returns when all
     * of them respond on {@code /health/live}.
     *
     * @param jar the packaged service; each run starts a copy of it
     * @param directory where the instances' log files and the copy of the jar go
     */
    public static PacerCluster start(ClusterSettings settings, Path jar, Path directory, long seed) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create " + directory, e);
        }
        // Each run starts its own copy, because a concurrent build may replace the jar while the run reads classes from it.
        Path copy = directory.resolve("pacer.jar");
        try {
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to copy " + jar + " to " + copy
                    + ": build it first with `mvn -DskipTests install` in the repository root", e);
        }
        PacerCluster cluster = new PacerCluster(settings, directory, seed);
        try {
            for (int i = 0; i < settings.instances(); i++) {
                String name = "pacer-" + (i + 1);
                cluster.instances.add(new PacerProcess(name, copy,
                        settings.environment(cluster.redis.url(), cluster.ai.baseUrl(), cluster.webhook.url().toString()),
                        directory.resolve(name + ".log")));
            }
            cluster.startAll();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public ClusterSettings settings() {
        return settings;
    }

    public Path directory() {
        return directory;
    }

    public RedisServer redis() {
        return redis;
    }

    public StubAiServer ai() {
        return ai;
    }

    public WebhookReceiver webhook() {
        return webhook;
    }

    public List<PacerProcess> instances() {
        return List.copyOf(instances);
    }

    public List<URI> instanceUris() {
        return instances.stream().map(PacerProcess::baseUri).toList();
    }

    /** Returns the first instance that is running, for API reads. */
    public PacerProcess anyRunning() {
        return instances.stream().filter(PacerProcess::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Pacer instance is running"));
    }

    /**
     * Starts a stopped instance, trying again every half second while it exits at startup (as it
     * does while Redis is down), until {@code deadline}. Returns how many attempts exited.
     */
    public int startUntilLive(PacerProcess instance, Instant deadline) throws InterruptedException {
        int failed = 0;
        while (true) {
            try {
                instance.start();
                return failed;
            } catch (PacerProcess.StartFailedException e) {
                failed++;
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                log.info("{} exited at startup with code {} (attempt {}); starting it again",
                        instance.name(), e.exitCode(), failed);
                Thread.sleep(Duration.ofMillis(500));
            }
        }
    }

    @Override
    public void close() {
        for (PacerProcess instance : instances) {
            instance.close();
        }
        ai.close();
        webhook.close();
        redis.close();
    }

    private void startAll() {
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = new ArrayList<>();
            for (PacerProcess instance : instances) {
                started.add(starters.submit(() -> {
                    instance.start();
                    return null;
                }));
            }
            for (Future<?> future : started) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a Pacer instance failed to start: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Pacer instances", e);
        }
        log.info("cluster up: redis={} ({}), ai={}, webhook={}, instances={}", redis.url(), settings.persistence(),
                ai.baseUrl(), webhook.url(), instanceUris());
    }
}

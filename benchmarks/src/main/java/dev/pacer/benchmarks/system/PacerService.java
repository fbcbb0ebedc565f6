package dev.pacer.benchmarks.system;

import dev.pacer.benchmarks.infra.ChildProcess;
import dev.pacer.benchmarks.infra.FreePorts;
import dev.pacer.benchmarks.infra.JavaCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged service as a child process on 127.0.0.1 and a free port. It runs {@code pacer.jar}
 * when a path is given; otherwise it runs {@code PacerMain} from this JVM's class path, which
 * contains the same classes. {@link ChildProcess} drops every {@code PACER_} variable of the parent,
 * so nothing in the caller's environment can point the service at another Redis or an AI endpoint.
 * {@code BENCH_SERVICE_JAVA_OPTS} adds JVM options, for example a JFR recording of the service.
 */
public final class PacerService implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final int port;

    private PacerService(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the service with {@code settings} as its only PACER_ variables and waits until /health/ready returns 200. */
    public static PacerService start(Path pacerJar, Map<String, String> settings, Path workDirectory) throws InterruptedException {
        int port = FreePorts.pick();
        Map<String, String> env = new HashMap<>(settings);
        env.put("PACER_HTTP_HOST", "127.0.0.1");
        env.put("PACER_HTTP_PORT", Integer.toString(port));

        List<String> options = new ArrayList<>();
        String serviceOptions = System.getenv("BENCH_SERVICE_JAVA_OPTS");
        if (serviceOptions != null && !serviceOptions.isBlank()) {
            options.addAll(List.of(serviceOptions.trim().split("\\s+")));
        }
        List<String> command;
        if (pacerJar != null) {
            command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            command.addAll(List.of("-jar", pacerJar.toAbsolutePath().toString()));
        } else {
            command = JavaCommand.of(options, "dev.pacer.bootstrap.PacerMain", List.of());
        }

        ChildProcess process = ChildProcess.start("pacer", command, workDirectory, env,
                workDirectory.resolve("pacer-" + port + ".log"));
        PacerService service = new PacerService(process, port);
        try {
            service.awaitReady();
            return service;
        } catch (RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(15));
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            process.requireAlive();
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Pacer did not become ready within " + READY_TIMEOUT.toSeconds() + " s; see "
                + process.log());
    }
}

package dev.pacer.application;

import dev.pacer.application.port.Claim;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link DispatchReplies} for one instance: claims due conversations while fewer than {@code
 * workers} are in service, serves each on its own virtual thread, and sleeps on the store's
 * wake-up signal when nothing is due. While the store is unreachable it backs off and resumes by
 * itself.
 */
public final class DispatcherLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DispatcherLoop.class);
    private static final Duration MAX_OUTAGE_BACKOFF = Duration.ofSeconds(5);

    private final DispatchReplies dispatch;
    private final ConversationQueue queue;
    private final DispatchSettings settings;
    private final Semaphore freeWorkers;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("pacer-worker-", 0).factory());

    private volatile boolean running;
    private Thread loop;

    public DispatcherLoop(DispatchReplies dispatch, ConversationQueue queue) {
        this.dispatch = Objects.requireNonNull(dispatch);
        this.queue = Objects.requireNonNull(queue);
        this.settings = dispatch.settings();
        this.freeWorkers = new Semaphore(settings.workers());
    }

    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("dispatcher already started");
        }
        running = true;
        loop = Thread.ofPlatform().name("pacer-dispatcher").daemon(false).start(this::run);
        log.info("dispatcher started: workers={} leaseTtl={} ms", settings.workers(), settings.leaseTtl().toMillis());
    }

    /** Returns the number of conversations being served right now. */
    public int inService() {
        return settings.workers() - freeWorkers.availablePermits();
    }

    private void run() {
        Duration outageBackoff = Duration.ofMillis(50);
        while (running) {
            try {
                freeWorkers.acquire();
                int batch = Math.min(settings.claimBatch(), 1 + freeWorkers.availablePermits());
                List<Claim> claims = claimOrRelease(batch);
                outageBackoff = Duration.ofMillis(50);

                if (claims.isEmpty()) {
                    queue.awaitDue(settings.idleWait());
                    continue;
                }
                for (int i = 0; i < claims.size(); i++) {
                    if (i > 0) {
                        freeWorkers.acquire();
                    }
                    Claim claim = claims.get(i);
                    workers.execute(() -> serve(claim));
                }
            } catch (StoreUnavailableException e) {
                log.warn("store unavailable while claiming; retrying in {} ms: {}", outageBackoff.toMillis(), e.getMessage());
                sleepQuietly(outageBackoff);
                outageBackoff = min(outageBackoff.multipliedBy(2), MAX_OUTAGE_BACKOFF);
            } catch (InterruptedException e) {
                if (running) {
                    log.warn("dispatcher loop interrupted while running; stopping");
                }
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    // stop() interrupted a claim in flight; the store reports that as a failure.
                    return;
                }
                log.error("dispatcher loop failed unexpectedly; retrying in {} ms", outageBackoff.toMillis(), e);
                sleepQuietly(outageBackoff);
            }
        }
    }

    private List<Claim> claimOrRelease(int batch) {
        try {
            List<Claim> claims = queue.claim(batch, settings.leaseTtl());
            if (claims.isEmpty()) {
                freeWorkers.release();
            }
            return claims;
        } catch (RuntimeException e) {
            freeWorkers.release();
            throw e;
        }
    }

    private void serve(Claim claim) {
        try {
            dispatch.serve(claim);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("conversation={} token={} worker failed unexpectedly; the lease will expire and another worker retry",
                    claim.lease().conversation(), claim.lease().token(), e);
        } finally {
            freeWorkers.release();
        }
    }

    /**
     * Stops claiming, gives the replies in progress {@code grace} to finish (their conversations'
     * next messages stay queued), then interrupts the rest so they release their leases with their
     * messages still queued.
     */
    public void stop(Duration grace) throws InterruptedException {
        Thread current;
        synchronized (this) {
            running = false;
            current = loop;
        }
        if (current != null) {
            current.interrupt();
            current.join();
        }

        dispatch.drain();
        workers.shutdown();
        if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            log.info("dispatcher stopping: replies still running after {} ms: {}; releasing their leases",
                    grace.toMillis(), inService());
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
        log.info("dispatcher stopped");
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(10));
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

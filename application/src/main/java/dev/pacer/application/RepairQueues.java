package dev.pacer.application;

import dev.pacer.application.port.ConversationQueue;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks as due every conversation that holds messages but is not scheduled, as it happens after a
 * crash, a restore from backup or an upgrade from an older layout. Run once at dispatcher start.
 */
public final class RepairQueues {

    private static final Logger log = LoggerFactory.getLogger(RepairQueues.class);

    private final ConversationQueue queue;

    public RepairQueues(ConversationQueue queue) {
        this.queue = Objects.requireNonNull(queue);
    }

    public int run() {
        long started = System.nanoTime();
        int repaired = queue.repair();
        log.info("startup repair marked {} conversations due in {} ms", repaired, (System.nanoTime() - started) / 1_000_000);
        return repaired;
    }
}

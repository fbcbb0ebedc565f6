package dev.pacer.systemtests.check;

import dev.pacer.systemtests.process.ClusterSettings;
import java.time.Duration;

/**
 * The limits the checker applies to a run.
 *
 * @param tolerance slack for clock reads on the pacing lower bound
 * @param ackWindow how long after a delivery an acknowledgement may still be lost to a crash; a
 *     repeat is explained by a fault only inside it
 * @param fsyncLossWindow how long before a Redis SIGKILL an accepted message may be lost, zero when
 *     nothing may be lost (append-only file synced on every write)
 */
public record CheckLimits(ClusterSettings settings, Duration tolerance, Duration ackWindow, Duration fsyncLossWindow) {

    /** Limits for a Redis that syncs every write: no loss, a repeat only within the lease after a send. */
    public static CheckLimits strict(ClusterSettings settings) {
        return new CheckLimits(settings, Duration.ofMillis(5), settings.leaseTtl(), Duration.ZERO);
    }

    /**
     * Limits for {@code appendfsync everysec}: Redis documents that it syncs once per second and
     * may fall up to one more second behind when a sync is slow, so two seconds of writes may be lost.
     */
    public static CheckLimits everysec(ClusterSettings settings) {
        Duration window = Duration.ofSeconds(2);
        Duration ack = settings.leaseTtl().compareTo(window) > 0 ? settings.leaseTtl() : window;
        return new CheckLimits(settings, Duration.ofMillis(5), ack, window);
    }
}

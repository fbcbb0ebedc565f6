package dev.pacer.adapters.http;

import dev.pacer.application.port.StoreHealth;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health/live} and {@code GET /health/ready}, open without the bearer token so that probes need no secret. */
final class HealthEndpoints {

    record Health(String status) {}

    private static final Logger log = LoggerFactory.getLogger(HealthEndpoints.class);

    private final StoreHealth storeHealth;

    HealthEndpoints(StoreHealth storeHealth) {
        this.storeHealth = storeHealth;
    }

    /** Responds 200 while the process serves requests, without asking the store. */
    void live(Context ctx) {
        ctx.json(new Health("up"));
    }

    /** Responds 200 while the store passes its health check, otherwise 503 with Retry-After. */
    void ready(Context ctx) {
        if (!storeAvailable()) {
            throw new ProblemException(Problems.notReady(), ProblemMapper.retryAfter(ProblemMapper.STORE_RETRY_AFTER));
        }
        ctx.json(new Health("ready"));
    }

    private boolean storeAvailable() {
        try {
            return storeHealth.isAvailable();
        } catch (RuntimeException e) {
            // The port promises not to throw, but a readiness probe has to respond even if it does.
            log.warn("store health check threw instead of returning, so the instance reports not ready", e);
            return false;
        }
    }
}

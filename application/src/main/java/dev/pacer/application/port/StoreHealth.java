package dev.pacer.application.port;

/** A cheap check that the store answers, for readiness probes. */
public interface StoreHealth {

    /** Tells whether the store answered a ping within its timeout; never throws. */
    boolean isAvailable();
}

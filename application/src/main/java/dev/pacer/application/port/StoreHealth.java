package dev.pacer.application.port;

/** A cheap check that the store responds, for readiness probes. */
public interface StoreHealth {

    /** Tells whether the store responded to a ping within its timeout; never throws. */
    boolean isAvailable();
}

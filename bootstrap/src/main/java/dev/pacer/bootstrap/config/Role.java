package dev.pacer.bootstrap.config;

/** Which parts of Pacer this instance runs. */
public enum Role {
    ALL,
    API,
    DISPATCHER;

    public boolean servesApi() {
        return this != DISPATCHER;
    }

    public boolean dispatches() {
        return this != API;
    }
}

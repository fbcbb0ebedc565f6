package dev.pacer.bootstrap.config;

/** The store that keeps the queues. */
public enum StoreKind {
    /** Redis, chosen explicitly: startup fails when Redis does not respond. */
    REDIS,
    /** Process memory: nothing survives a restart, and instances do not share work. */
    MEMORY,
    /** Redis when the default URL responds at startup, otherwise memory with a warning. */
    REDIS_OR_MEMORY
}

package dev.pacer.bootstrap.config;

/** Where queues live. */
public enum StoreKind {
    /** Redis, chosen explicitly: startup fails when Redis does not answer. */
    REDIS,
    /** Process memory: nothing survives a restart, and instances do not share work. */
    MEMORY,
    /** Redis when the default URL answers at startup, otherwise memory with a warning. */
    REDIS_OR_MEMORY
}

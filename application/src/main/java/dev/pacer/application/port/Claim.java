package dev.pacer.application.port;

/** A conversation granted to a worker, with the head message it has to answer first. */
public record Claim(Lease lease, QueuedEntry head) {}

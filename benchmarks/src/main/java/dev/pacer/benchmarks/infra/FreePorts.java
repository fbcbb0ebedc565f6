package dev.pacer.benchmarks.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free TCP ports on 127.0.0.1 for the servers a benchmark starts. */
public final class FreePorts {

    private FreePorts() {}

    /**
     * Returns a port that was free a moment ago. Another process may take it before the caller
     * binds it, so callers retry a start that fails.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to find a free port on 127.0.0.1", e);
        }
    }
}

package dev.pacer.systemtests.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds unused TCP ports on 127.0.0.1 for the processes a test starts. */
public final class FreePorts {

    private FreePorts() {}

    /**
     * Returns a port that was free a moment ago. Another process may take it before the caller
     * binds it, which on a test machine is rare enough to accept.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to find a free port on 127.0.0.1", e);
        }
    }
}

package dev.pacer.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Checks whether a Redis server responds at an address, before any client is built. */
final class RedisProbe {

    private RedisProbe() {}

    /**
     * Tells whether a Redis server responds to {@code PING} at the URL's host and port within {@code
     * timeoutMillis}. A server that requires a password responds with an error, which still counts.
     */
    static boolean answers(URI redisUrl, int timeoutMillis) {
        int port = redisUrl.getPort() < 0 ? 6379 : redisUrl.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(redisUrl.getHost(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first == '+' || first == '-';
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.pacer.systemtests.workload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 written byte by byte over a socket to 127.0.0.1, for requests that no HTTP client
 * library would send: broken framing, invalid bytes, conflicting headers. Each request sends
 * {@code Connection: close}, and the response is read until the server closes.
 */
public final class RawHttp {

    /**
     * A response as read from the socket.
     *
     * @param status the status code, or 0 when the server closed the connection without one
     * @param headers header names in lower case
     */
    public record Response(int status, Map<String, String> headers, String body, Duration elapsed) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    /** Builds a POST with {@code Content-Length} and {@code Connection: close}; a null content type sends none. */
    public static byte[] post(String path, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder()
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n")
                .append("Connection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /** Builds a request of {@code method} without a body. */
    public static byte[] request(String method, String pathAndQuery) {
        return (method + " " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sends {@code request}, half-closes the connection and reads the response, waiting at most {@code timeout}. */
    public static Response exchange(int port, byte[] request, Duration timeout) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            // Writing on its own thread lets the response be read while a large body is still being
            // sent, because the server may respond and close before it has read everything.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(request);
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // The server stopped reading; its response is still read below.
                }
            });
            byte[] raw = readUntilClosed(socket.getInputStream(), timeout);
            writer.interrupt();
            return parse(raw, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Parses a raw HTTP/1.1 response; a chunked body is decoded. */
    public static Response parse(byte[] raw, Duration elapsed) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return new Response(0, Map.of(), text, elapsed);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        byte[] body = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8), elapsed);
    }

    private static byte[] readUntilClosed(InputStream in, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // What arrived so far is the response; the caller checks its status and time.
        } catch (IOException e) {
            // A reset after the response, as when the server closes with unread request bytes.
        }
        return out.toByteArray();
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int position = 0;
        while (position < text.length()) {
            int lineEnd = text.indexOf("\r\n", position);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(position, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            int stop = Math.min(text.length(), start + size);
            out.writeBytes(text.substring(start, stop).getBytes(StandardCharsets.ISO_8859_1));
            position = stop + 2;
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}

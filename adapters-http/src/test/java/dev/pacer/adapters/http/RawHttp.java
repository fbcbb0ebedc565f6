package dev.pacer.adapters.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Writes hand-made HTTP/1.1 requests to a socket, for what the JDK client will not send: a
 * declared length without the body, an unfinished chunked body, a malformed request line.
 */
final class RawHttp {

    private RawHttp() {}

    /**
     * Sends {@code request} as it is, without closing the output, and returns everything the
     * server sends until it closes the connection or the response body is complete.
     */
    static String exchange(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readResponse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the server closes the connection or the response body is complete. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            received.write(buffer, 0, read);
            if (isComplete(received.toString(StandardCharsets.UTF_8))) {
                break;
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static boolean isComplete(String response) {
        int headerEnd = response.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return false;
        }
        String headers = response.substring(0, headerEnd).toLowerCase();
        int lengthAt = headers.indexOf("content-length:");
        if (lengthAt < 0) {
            return false;
        }
        int lineEnd = headers.indexOf("\r\n", lengthAt);
        String value = headers.substring(lengthAt + "content-length:".length(), lineEnd < 0 ? headers.length() : lineEnd);
        int length = Integer.parseInt(value.strip());
        return response.getBytes(StandardCharsets.UTF_8).length - (headerEnd + 4) >= length;
    }

    /** Returns the status code of a raw response. */
    static int status(String response) {
        return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    /** Returns the body of a raw response. */
    static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}

package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The body read timeout and the connection limit, checked with raw sockets against a running server. */
class SlowClientTest {

    /** Not a multiple of the trickle interval, so that no byte is in flight when the server closes. */
    private static final Duration BODY_READ_TIMEOUT = Duration.ofMillis(1200);
    private static final Duration TRICKLE_INTERVAL = Duration.ofMillis(500);
    /** Time allowed past the timeout for the 408 to arrive on a loaded build machine. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private ApiFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void tricklingBodyGets408() throws Exception {
        fixture = ApiFixture.withLimits(BODY_READ_TIMEOUT, 10);

        // The socket is closed first, which ends the trickle even when an assertion fails.
        try (ExecutorService trickler = Executors.newSingleThreadExecutor();
                Socket slow = new Socket("127.0.0.1", fixture.api.port())) {
            slow.setSoTimeout((int) BODY_READ_TIMEOUT.plus(MARGIN).toMillis());
            OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long started = System.nanoTime();
            trickler.submit(() -> trickle(out));

            HttpResponse<String> other = fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\"}");
            int slowBytesWhenOtherServed = slow.getInputStream().available();
            String response = RawHttp.readResponse(slow.getInputStream());
            long slowResponded = System.nanoTime();
            trickler.shutdownNow();

            assertThat(other.statusCode()).isEqualTo(202);
            assertThat(slowBytesWhenOtherServed).as("the slow request is still open when the other is served").isZero();
            assertThat(RawHttp.status(response)).isEqualTo(408);
            assertThat(response).contains("Content-Type: application/problem+json", "Connection: close");
            assertThat(RawHttp.body(response)).contains(Problems.REQUEST_TIMEOUT);
            assertThat(Duration.ofNanos(slowResponded - started)).isLessThan(BODY_READ_TIMEOUT.plus(MARGIN));
            assertThat(slow.getInputStream().read()).as("server closes the connection").isEqualTo(-1);
            assertThat(fixture.store.counts().dueConversations()).as("only the other message is queued").isEqualTo(1);
        }
    }

    @Test
    void stalledBodyGets408AtTheDeadline() throws Exception {
        fixture = ApiFixture.withLimits(BODY_READ_TIMEOUT, 10);

        try (Socket stalled = new Socket("127.0.0.1", fixture.api.port())) {
            // Jetty's idle timeout is far longer than the margin, so only the deadline can end this wait.
            stalled.setSoTimeout((int) BODY_READ_TIMEOUT.plus(MARGIN).toMillis());
            long started = System.nanoTime();
            stalled.getOutputStream().write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));

            String response = RawHttp.readResponse(stalled.getInputStream());

            assertThat(RawHttp.status(response)).isEqualTo(408);
            assertThat(RawHttp.body(response)).contains(Problems.REQUEST_TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BODY_READ_TIMEOUT.plus(MARGIN));
            assertThat(fixture.storeIsEmpty()).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheLimitWait() throws Exception {
        fixture = ApiFixture.withLimits(BODY_READ_TIMEOUT, 2);

        try (Socket first = openServedConnection();
                Socket second = openServedConnection();
                Socket third = new Socket("127.0.0.1", fixture.api.port())) {
            sendHealthRequest(third);
            third.setSoTimeout(1000);

            assertThatThrownBy(() -> third.getInputStream().read())
                    .as("the third connection is not served while two are open")
                    .isInstanceOf(SocketTimeoutException.class);

            first.close();
            third.setSoTimeout(5000);
            String response = RawHttp.readResponse(third.getInputStream());

            assertThat(RawHttp.status(response)).isEqualTo(200);
            assertThat(second.isClosed()).isFalse();
        }
    }

    /** Sends one byte of a JSON body per interval until interrupted or the connection fails. */
    private static void trickle(OutputStream out) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                out.write(' ');
                out.flush();
                Thread.sleep(TRICKLE_INTERVAL);
            }
        } catch (IOException | InterruptedException e) {
            // The server closed the connection or the test is over.
        }
    }

    /** Opens a connection and completes one request on it, so that the server has accepted it. */
    private Socket openServedConnection() throws IOException {
        Socket socket = new Socket("127.0.0.1", fixture.api.port());
        socket.setSoTimeout(5000);
        sendHealthRequest(socket);
        String response = RawHttp.readResponse(socket.getInputStream());
        assertThat(RawHttp.status(response)).isEqualTo(200);
        return socket;
    }

    private static void sendHealthRequest(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

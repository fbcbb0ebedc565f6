package dev.pacer.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Reads a request body as one JSON object. The checks run in this order:
 *
 * <ol>
 *   <li>The media type must be JSON in UTF-8, else 415.
 *   <li>The declared length and then the bytes read must stay within the limit, else 413. Reading
 *       stops at the limit, so a chunked body without a declared length is cut off too.
 *   <li>The whole body must arrive within the read timeout, counted from the start of reading, else
 *       408 and the connection is closed. Jetty's idle timeout alone restarts with every byte, so a
 *       client sending one byte at a time could otherwise hold the connection for as long as it likes.
 *   <li>The bytes must be valid UTF-8, and the JSON a single valid value, at most
 *       {@value ApiJson#MAX_NESTING_DEPTH} levels deep and an object, else 400. {@link MalformedJson}
 *       describes each syntax error without the parser's own message.
 * </ol>
 */
final class JsonBody {

    /** Trailing content is checked after the first value, so that the problem can describe it in plain words. */
    private static final ObjectReader TREE_READER = ApiJson.mapper()
            .readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final long maxBytes;
    private final Duration readTimeout;

    JsonBody(long maxBytes, Duration readTimeout) {
        this.maxBytes = maxBytes;
        this.readTimeout = readTimeout;
    }

    /**
     * Returns the body as a JSON object.
     *
     * @throws ProblemException for a wrong media type, or an oversized, unreadable, non-UTF-8 or
     *     empty body. Also for a body that does not arrive within the read timeout, that is not one
     *     valid JSON value, or whose value is not a JSON object
     */
    ObjectNode readObject(Context ctx) {
        requireJson(ctx.header("Content-Type"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new ProblemException(Problems.bodyTooLarge(maxBytes));
        }

        String text = decodeUtf8(readCapped(ctx));
        if (text.isBlank()) {
            throw new ProblemException(Problems.malformedJson("body", "the body is empty: send a JSON object"));
        }

        JsonNode node = parseOneValue(text);
        if (!(node instanceof ObjectNode object)) {
            throw new ProblemException(Problems.malformedJson("body",
                    "the body is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not an object: send a JSON object"));
        }
        return object;
    }

    private static JsonNode parseOneValue(String text) {
        try (JsonParser parser = ApiJson.mapper().createParser(text)) {
            JsonNode node = TREE_READER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ProblemException(Problems.malformedJson("body",
                        "the body contains more than one JSON value: send exactly one JSON object"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ProblemException(MalformedJson.describe(e));
        } catch (IOException e) {
            // Parsing a String does no I/O, so only JsonProcessingException can occur.
            throw new UncheckedIOException("reading JSON from a string failed", e);
        }
    }

    private static void requireJson(String contentType) {
        if (contentType == null) {
            throw new ProblemException(Problems.unsupportedMediaType(null));
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            throw new ProblemException(Problems.unsupportedMediaType(contentType));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            boolean isCharset = parameter[0].strip().equalsIgnoreCase("charset");
            if (isCharset && (parameter.length < 2 || !unquote(parameter[1]).equalsIgnoreCase("utf-8"))) {
                throw new ProblemException(Problems.unsupportedMediaType(contentType));
            }
        }
    }

    private byte[] readCapped(Context ctx) {
        long started = System.nanoTime();
        EndPoint endPoint = endPointOf(ctx);
        long idleTimeoutMillis = endPoint == null ? 0 : endPoint.getIdleTimeout();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            while (true) {
                Duration remaining = readTimeout.minusNanos(System.nanoTime() - started);
                if (!remaining.isPositive()) {
                    throw timedOut();
                }
                // A read blocks until the idle timeout at most, so shortening it to the time left
                // wakes a read that is still waiting at the deadline.
                if (endPoint != null) {
                    endPoint.setIdleTimeout(shorterTimeoutMillis(idleTimeoutMillis, remaining));
                }

                int read = in.read(chunk);
                if (read == -1) {
                    break;
                }
                total += read;
                if (total > maxBytes) {
                    throw new ProblemException(Problems.bodyTooLarge(maxBytes));
                }
                out.write(chunk, 0, read);
            }
        } catch (IOException e) {
            // Jetty counts its idle timeout from the last byte received, so it can end a read a few
            // milliseconds before the deadline. Its TimeoutException cause marks that case.
            boolean pastDeadline = !readTimeout.minusNanos(System.nanoTime() - started).isPositive();
            if (e.getCause() instanceof TimeoutException || pastDeadline) {
                throw timedOut();
            }
            // Jetty reports a broken chunked encoding or a body shorter than its Content-Length here.
            throw new ProblemException(Problems.malformedJson("body", "the body could not be read to its end after "
                    + total + " bytes: send the whole body with a correct Content-Length or chunked encoding"));
        } finally {
            if (endPoint != null) {
                endPoint.setIdleTimeout(idleTimeoutMillis);
            }
        }
        return out.toByteArray();
    }

    /** Returns the problem for a body that took too long, with the header that makes Jetty close the connection. */
    private ProblemException timedOut() {
        // The rest of the body may still be on its way, so the connection cannot carry another request.
        return new ProblemException(Problems.requestTimeout(readTimeout), Map.of("Connection", "close"));
    }

    /** Returns Jetty's end of the connection behind a request, or null when the request is wrapped in a foreign type. */
    private static EndPoint endPointOf(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
    }

    /** Returns the configured idle timeout in milliseconds, or {@code remaining} rounded up if that is shorter. */
    private static long shorterTimeoutMillis(long idleTimeoutMillis, Duration remaining) {
        long remainingMillis = remaining.plusNanos(999_999).toMillis();
        return idleTimeoutMillis > 0 ? Math.min(idleTimeoutMillis, remainingMillis) : remainingMillis;
    }

    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ProblemException(Problems.malformedJson("body",
                    "the body is not valid UTF-8 (at byte " + in.position() + "): send the JSON encoded as UTF-8"));
        }
        String text = out.flip().toString();
        // RFC 8259 lets a parser ignore a byte order mark, and some clients still send one.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String unquote(String value) {
        String trimmed = value.strip();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }
}

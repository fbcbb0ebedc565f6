package dev.pacer.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a request body as one JSON object. The checks run in this order:
 *
 * <ol>
 *   <li>The media type must be JSON in UTF-8, else 415.
 *   <li>The declared length and then the bytes read must stay within the limit, else 413. Reading
 *       stops at the limit, so a chunked body without a declared length is cut off too.
 *   <li>The bytes must be valid UTF-8 and the JSON valid, at most {@value ApiJson#MAX_NESTING_DEPTH}
 *       levels deep and an object, else 400.
 * </ol>
 */
final class JsonBody {

    private final long maxBytes;

    JsonBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Returns the body as a JSON object.
     *
     * @throws ProblemException for a wrong media type, an oversized, unreadable, non-UTF-8 or empty
     *     body, or a body that is JSON but not an object
     * @throws JsonProcessingException for a body that is not valid JSON
     */
    ObjectNode readObject(Context ctx) throws JsonProcessingException {
        requireJson(ctx.header("Content-Type"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new ProblemException(Problems.bodyTooLarge(maxBytes));
        }

        String text = decodeUtf8(readCapped(ctx));
        if (text.isBlank()) {
            throw new ProblemException(Problems.malformedJson("body", "the body is empty: send a JSON object"));
        }

        JsonNode node = ApiJson.mapper().readTree(text);
        if (!(node instanceof ObjectNode object)) {
            throw new ProblemException(Problems.malformedJson("body",
                    "the body is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not an object: send a JSON object"));
        }
        return object;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            int read;
            while ((read = in.read(chunk)) != -1) {
                total += read;
                if (total > maxBytes) {
                    throw new ProblemException(Problems.bodyTooLarge(maxBytes));
                }
                out.write(chunk, 0, read);
            }
        } catch (IOException e) {
            // Jetty reports a broken chunked encoding or a body shorter than its Content-Length here.
            throw new ProblemException(Problems.malformedJson("body", "the body could not be read to its end after "
                    + total + " bytes: send the whole body with a correct Content-Length or chunked encoding"));
        }
        return out.toByteArray();
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

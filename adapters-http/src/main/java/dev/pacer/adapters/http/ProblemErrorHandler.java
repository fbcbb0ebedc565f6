package dev.pacer.adapters.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the errors that Jetty raises before a request reaches Javalin (an unparsable request line,
 * bad URI encoding, oversized headers) as problem details instead of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {

    /** Jetty's own reasons are short phrases such as "Bad UTF-8 encoding", and anything else is left out. */
    private static final Pattern PLAIN_REASON = Pattern.compile("[A-Za-z0-9 ,:_-]{1,80}");

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        String title = HttpStatus.getMessage(code);
        String detail = message != null && PLAIN_REASON.matcher(message).matches() ? message : title;
        Problem problem = Problems.httpError(code, title, detail + ": the server could not read this HTTP request");

        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(ApiJson.mapper().writeValueAsBytes(problem)), callback);
    }
}

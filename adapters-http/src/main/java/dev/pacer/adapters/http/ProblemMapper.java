package dev.pacer.adapters.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.pacer.application.port.StoreUnavailableException;
import dev.pacer.domain.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become problem responses. Every exception that a handler or
 * Javalin throws ends here. The response carries no stack trace and no class name, and of a
 * library's exception messages only Jackson's JSON syntax errors, which name no classes.
 */
final class ProblemMapper {

    /** Retry-After sent with 503 when the store does not respond, an estimate of a short outage. */
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

    /** Retry-After sent with 429, because a full conversation drains at one paced reply per few seconds. */
    static final Duration QUEUE_FULL_RETRY_AFTER = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

    /** Registers the mapping for every exception on the routes, replacing Javalin's defaults. */
    void register(RoutesConfig routes) {
        routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e));
        routes.exception(Exception.class, (e, ctx) -> respond(ctx, e));
    }

    /** Writes {@code problem} with its status, media type and extra headers. */
    static void write(Context ctx, Problem problem, Map<String, String> headers) {
        headers.forEach(ctx::header);
        ctx.status(problem.status());
        ctx.contentType(Problem.MEDIA_TYPE);
        try {
            ctx.result(ApiJson.mapper().writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            // A Problem contains only strings, numbers and lists, which Jackson always serializes.
            throw new IllegalStateException("problem could not be serialized", e);
        }
    }

    private void respond(Context ctx, Exception e) {
        writeProblemFor(ctx, e);
        if (ctx.statusCode() < 500) {
            log.debug("{} {} rejected with {}: {}", ctx.method(), ctx.path(), ctx.statusCode(), e.getMessage());
        }
    }

    private void writeProblemFor(Context ctx, Exception e) {
        switch (e) {
            case ProblemException p -> write(ctx, p.problem(), p.headers());
            case InvalidInputException invalid -> write(ctx, Problems.invalidField(invalid.field(), invalid.getMessage()), Map.of());
            case StoreUnavailableException unavailable -> {
                // The store adapter logs the cause, so one line per request is enough here.
                log.warn("{} {} failed with 503, store unavailable: {}", ctx.method(), ctx.path(), unavailable.getMessage());
                write(ctx, Problems.storeUnavailable(), retryAfter(STORE_RETRY_AFTER));
            }
            case JsonProcessingException json -> write(ctx, malformedJson(json), Map.of());
            case MethodNotAllowedResponse notAllowed -> {
                String allowed = String.join(", ", notAllowed.getDetails().values());
                write(ctx, Problems.methodNotAllowed(ctx.method().name(), ctx.path(), allowed), Map.of("Allow", allowed));
            }
            case NotFoundResponse notFound -> write(ctx, Problems.notFound("no endpoint at " + ctx.path()
                    + ": see the HTTP contract for the paths under /v1 and /health"), Map.of());
            case HttpResponseException http -> {
                String title = HttpStatus.forStatus(http.getStatus()).getMessage();
                write(ctx, Problems.httpError(http.getStatus(), title, title), Map.of());
            }
            default -> {
                log.error("{} {} failed with an unexpected exception, responded 500", ctx.method(), ctx.path(), e);
                write(ctx, Problems.internalError(), Map.of());
            }
        }
    }

    private static Problem malformedJson(JsonProcessingException e) {
        String where = location(e.getLocation());
        if (e instanceof StreamConstraintsException) {
            return Problems.malformedJson("body", "the JSON is nested deeper than "
                    + ApiJson.MAX_NESTING_DEPTH + " levels: send a flat JSON object");
        }
        if (e instanceof JsonEOFException) {
            return Problems.malformedJson("body", "the JSON ends before it is complete" + where
                    + ": send the whole JSON object");
        }
        String duplicate = duplicateField(e.getOriginalMessage());
        if (duplicate != null) {
            return Problems.malformedJson(duplicate, "field " + duplicate + " appears more than once: send it once");
        }
        return Problems.malformedJson("body", "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
    }

    /** Returns the field named by Jackson's strict duplicate detection, or null for other errors. */
    private static String duplicateField(String message) {
        String prefix = "Duplicate field '";
        if (message == null || !message.startsWith(prefix)) {
            return null;
        }
        int end = message.indexOf('\'', prefix.length());
        return end < 0 ? null : message.substring(prefix.length(), end);
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Returns the Retry-After header for {@code delay}, in whole seconds. */
    static Map<String, String> retryAfter(Duration delay) {
        return Map.of("Retry-After", Long.toString(delay.toSeconds()));
    }
}

package dev.pacer.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pacer.application.port.StoreUnavailableException;
import dev.pacer.domain.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.router.Endpoint;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become problem responses. Every exception that a handler or
 * Javalin throws ends here. The response carries no stack trace, no class name and no library's
 * exception message, only details that Pacer writes.
 */
final class ProblemMapper {

    /** Retry-After sent with 503 when the store does not respond, an estimate of a short outage. */
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

    /** Retry-After sent with 429, because a full conversation drains at one paced reply per few seconds. */
    static final Duration QUEUE_FULL_RETRY_AFTER = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

    private final Function<String, Problem> noEndpoint;

    /** Creates the mapping, with {@code noEndpoint} creating the 404 problem for a request path. */
    ProblemMapper(Function<String, Problem> noEndpoint) {
        this.noEndpoint = noEndpoint;
    }

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
                write(ctx, isEnqueue(ctx) ? Problems.storeUnavailableOnEnqueue() : Problems.storeUnavailable(),
                        retryAfter(STORE_RETRY_AFTER));
            }
            case MethodNotAllowedResponse notAllowed -> {
                String allowed = String.join(", ", notAllowed.getDetails().values());
                write(ctx, Problems.methodNotAllowed(ctx.method().name(), ctx.path(), allowed), Map.of("Allow", allowed));
            }
            case NotFoundResponse notFound -> write(ctx, noEndpoint.apply(ctx.path()), Map.of());
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

    /**
     * Tells whether the request was routed to {@code POST /v1/messages}, trailing slash or not, the
     * one endpoint that a messageId makes safe to repeat.
     */
    private static boolean isEnqueue(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint != null && endpoint.method == HandlerType.POST && endpoint.path.equals(MessageEndpoints.ENQUEUE_PATH);
    }

    /** Returns the Retry-After header for {@code delay}, in whole seconds. */
    static Map<String, String> retryAfter(Duration delay) {
        return Map.of("Retry-After", Long.toString(delay.toSeconds()));
    }
}

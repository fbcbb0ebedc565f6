package dev.pacer.adapters.http;

import java.time.Duration;
import java.util.List;

/**
 * The catalogue of problem types the API sends. Each type is a stable URN that clients may branch
 * on, while titles and details are for people and may change.
 */
final class Problems {

    static final String INVALID_REQUEST = "urn:pacer:problem:invalid-request";
    static final String MALFORMED_JSON = "urn:pacer:problem:malformed-json";
    static final String UNAUTHORIZED = "urn:pacer:problem:unauthorized";
    static final String NOT_FOUND = "urn:pacer:problem:not-found";
    static final String METHOD_NOT_ALLOWED = "urn:pacer:problem:method-not-allowed";
    static final String NOT_ACCEPTABLE = "urn:pacer:problem:not-acceptable";
    static final String DEAD_LETTER_UNREADABLE = "urn:pacer:problem:dead-letter-unreadable";
    static final String REQUEST_TIMEOUT = "urn:pacer:problem:request-timeout";
    static final String BODY_TOO_LARGE = "urn:pacer:problem:body-too-large";
    static final String UNSUPPORTED_MEDIA_TYPE = "urn:pacer:problem:unsupported-media-type";
    static final String QUEUE_FULL = "urn:pacer:problem:queue-full";
    static final String INTERNAL_ERROR = "urn:pacer:problem:internal-error";
    static final String STORE_UNAVAILABLE = "urn:pacer:problem:store-unavailable";
    static final String TOO_MANY_STREAMS = "urn:pacer:problem:too-many-streams";
    static final String HTTP_ERROR = "urn:pacer:problem:http-error";

    private Problems() {}

    static Problem invalidRequest(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().message()
                : errors.size() + " fields are invalid: see errors";
        return new Problem(INVALID_REQUEST, "Invalid request", 400, detail, errors);
    }

    static Problem invalidField(String field, String message) {
        return invalidRequest(List.of(new FieldError(field, message)));
    }

    static Problem malformedJson(String field, String message) {
        return new Problem(MALFORMED_JSON, "Malformed JSON body", 400, message, List.of(new FieldError(field, message)));
    }

    static Problem unauthorized(String detail) {
        return new Problem(UNAUTHORIZED, "Unauthorized", 401, detail, List.of());
    }

    static Problem notFound(String detail) {
        return new Problem(NOT_FOUND, "Not found", 404, detail, List.of());
    }

    static Problem noEndpoint(String path) {
        return notFound("no endpoint at " + path + ": see the HTTP contract for the paths under /v1 and /health");
    }

    static Problem noEndpointOnDispatcher(String path) {
        return notFound("no endpoint at " + path + " on this instance, which runs only the dispatcher and serves "
                + "/health/live, /health/ready and /metrics: send API requests to an instance whose PACER_ROLE is all or api");
    }

    static Problem methodNotAllowed(String method, String path, String allowed) {
        return new Problem(METHOD_NOT_ALLOWED, "Method not allowed", 405,
                method + " is not allowed on " + path + ": use " + allowed, List.of());
    }

    static Problem notAcceptable(String detail) {
        return new Problem(NOT_ACCEPTABLE, "Not acceptable", 406, detail, List.of());
    }

    static Problem deadLetterUnreadable(String id) {
        return new Problem(DEAD_LETTER_UNREADABLE, "Dead letter cannot be replayed", 409,
                "dead letter " + id + " holds an entry that could not be read as a message, so there is nothing "
                        + "to queue again: inspect its rawPayload and delete it",
                List.of());
    }

    static Problem bodyTooLarge(long maxBytes) {
        String message = "the body is larger than " + maxBytes + " bytes: send a smaller body";
        return new Problem(BODY_TOO_LARGE, "Body too large", 413, message, List.of(new FieldError("body", message)));
    }

    static Problem requestTimeout(Duration timeout) {
        String message = "the body did not arrive in full within " + timeout.toMillis()
                + " ms: send the whole body without pauses";
        return new Problem(REQUEST_TIMEOUT, "Request timeout", 408, message, List.of(new FieldError("body", message)));
    }

    static Problem unsupportedMediaType(String contentType) {
        String message = contentType == null || contentType.isBlank()
                ? "Content-Type is missing: send application/json"
                : "Content-Type " + contentType + " is not supported: send application/json (UTF-8)";
        return new Problem(UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", 415, message,
                List.of(new FieldError("Content-Type", message)));
    }

    static Problem queueFull(long limit) {
        return new Problem(QUEUE_FULL, "Queue full", 429,
                "the conversation already holds " + limit + " pending messages: retry after the Retry-After delay",
                List.of());
    }

    static Problem internalError() {
        return new Problem(INTERNAL_ERROR, "Internal server error", 500,
                "the request failed on the server; it is logged: retry later or report it", List.of());
    }

    static Problem storeUnavailable() {
        return new Problem(STORE_UNAVAILABLE, "Store unavailable", 503,
                "the message store did not respond, so the request did not complete and nothing is known to have "
                        + "changed: retry after the Retry-After delay",
                List.of());
    }

    /** Creates the 503 of {@code POST /v1/messages}, where a timed-out write may still have queued the message. */
    static Problem storeUnavailableOnEnqueue() {
        return new Problem(STORE_UNAVAILABLE, "Store unavailable", 503,
                "the message store did not respond, so it is unknown whether the message was queued: send it again "
                        + "after the Retry-After delay with the same messageId, so that it is queued only once",
                List.of());
    }

    static Problem notReady() {
        return new Problem(STORE_UNAVAILABLE, "Store unavailable", 503,
                "the message store does not answer, so this instance is not ready: retry after the Retry-After delay",
                List.of());
    }

    static Problem tooManyStreams(int maxClients) {
        return new Problem(TOO_MANY_STREAMS, "Too many event streams", 503,
                "this instance already serves " + maxClients + " event streams: retry after the Retry-After delay",
                List.of());
    }

    /** Creates the problem for a status that Javalin or Jetty raised and that no other type covers. */
    static Problem httpError(int status, String title, String detail) {
        return new Problem(HTTP_ERROR, title, status, detail, List.of());
    }
}

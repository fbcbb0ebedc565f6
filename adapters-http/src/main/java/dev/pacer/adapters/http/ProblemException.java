package dev.pacer.adapters.http;

import java.util.Map;

/**
 * A request rejected by the HTTP layer itself (authentication, media type, body size, JSON syntax,
 * request fields), carrying the problem to send and any extra response headers.
 */
final class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    Problem problem() {
        return problem;
    }

    Map<String, String> headers() {
        return headers;
    }
}

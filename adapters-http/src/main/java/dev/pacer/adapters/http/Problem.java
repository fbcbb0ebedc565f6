package dev.pacer.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body, sent as {@code application/problem+json}.
 *
 * @param type a URN naming the kind of problem, for clients to branch on instead of {@code title}
 * @param errors the rejected fields of a client error, empty for problems that concern no field
 */
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = List.copyOf(errors);
    }
}

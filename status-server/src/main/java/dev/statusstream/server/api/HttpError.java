package dev.statusstream.server.api;

import io.javalin.http.HttpResponseException;
import java.util.Map;

/**
 * An HTTP refusal of StatusStream's own (401, 403, 413, 415, 429, 503, ...), answered by
 * {@link ErrorMapping} as {@code {"error": "...", "field": "..."}} wherever the status routes are
 * installed. Its own class, so that a host application that mounts the routes keeps its handling of
 * every other {@link HttpResponseException}.
 */
public final class HttpError extends HttpResponseException {
    /**
     * @param status  the HTTP status
     * @param message what went wrong, in one line
     * @param field   the field or header at fault, or null
     */
    public HttpError(int status, String message, String field) {
        super(status, message, field == null ? Map.of() : Map.of("field", field));
    }

    /** The field or header at fault, or null. */
    public String field() {
        return getDetails().get("field");
    }
}

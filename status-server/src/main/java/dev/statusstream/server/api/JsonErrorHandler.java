package dev.statusstream.server.api;

import dev.statusstream.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it refuses before any route sees them (a malformed request line or URI:
 * 400, a URI too long: 414, headers too large: 431), in the same JSON as every other error,
 * {@code {"error": "..."}}, instead of Jetty's HTML page. Jetty often cannot tell the path of such a
 * request, so every one gets JSON, whatever the method. Set on the server with
 * {@code Server.setErrorHandler}. These replies never pass the security filter, so they carry its
 * {@code X-Content-Type-Options: nosniff} themselves. Stateless.
 */
public final class JsonErrorHandler extends ErrorHandler {
    /** Jetty's messages are short; this keeps them so whatever they quote. */
    private static final int MAX_MESSAGE = 200;

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String reason = HttpStatus.getMessage(code);
        String detail = message == null || message.isBlank() || message.equals(reason) ? ""
                : ": " + (message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message);
        byte[] body = Json.write(Map.of("error", reason + detail)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}

package dev.statusstream.server.admin;

import dev.statusstream.ValidationException;
import dev.statusstream.server.api.HttpError;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP side of an admin request body: at most {@value #MAX_BYTES} bytes (413) and
 * {@code application/json} in UTF-8 (415). What the JSON must hold is the operation's to say.
 */
public final class RequestBody {
    /** How much of a too-large body is read and discarded so that its client gets the 413 (see drain). */
    static final long DRAIN_LIMIT = 1 << 20;
    static final int MAX_BYTES = 64 * 1024;

    private RequestBody() {
    }

    /**
     * The body's bytes, read up to the limit; a body that is not blank must be declared as JSON in
     * UTF-8. Parsing it is the operation's job ({@link dev.statusstream.OperationType#read}).
     */
    public static byte[] read(Context ctx) {
        return read(ctx, MAX_BYTES);
    }

    /** The same with another limit (alert batches from monitoring tools are larger). */
    static byte[] read(Context ctx, int maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            // a client that announced 100-continue has sent nothing yet: refuse at once
            if (declared <= DRAIN_LIMIT && !"100-continue".equalsIgnoreCase(ctx.header("Expect"))) {
                drain(ctx);
            }
            throw tooLarge(maxBytes);
        }
        byte[] bytes = readLimited(ctx, maxBytes);
        if (bytes.length > 0 && !new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            checkContentType(ctx.header("Content-Type"));
        }
        return bytes;
    }

    private static void checkContentType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String media = type.split(";", 2)[0].strip();
        String charset = type.contains("charset=") ? type.substring(type.indexOf("charset=") + 8).split(";", 2)[0].strip()
                .replace("\"", "") : "utf-8";
        if (!media.equals("application/json") || !(charset.equals("utf-8") || charset.equals("utf8"))) {
            throw new HttpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "the body must be JSON in UTF-8, sent with Content-Type: application/json (was "
                            + (contentType == null ? "none" : "'" + contentType + "'") + ")", "Content-Type");
        }
    }

    private static byte[] readLimited(Context ctx, int maxBytes) {
        try (InputStream in = ctx.bodyInputStream()) {
            var out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) != -1; ) {
                if (out.size() + n > maxBytes) {
                    drain(in, DRAIN_LIMIT - out.size() - n);
                    throw tooLarge(maxBytes);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ValidationException("body", "could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads and discards the rest of a body that is too large, up to {@link #DRAIN_LIMIT} in all. A
     * server that answers and closes while the client is still sending makes the kernel reset the
     * connection, and the client then loses the 413 it was sent; beyond the limit that risk is taken.
     */
    private static void drain(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            drain(in, DRAIN_LIMIT);
        } catch (IOException e) {
            // the client went away: nobody is left to read the answer
        }
    }

    private static void drain(InputStream in, long atMost) {
        try {
            byte[] chunk = new byte[8192];
            for (long left = atMost, n; left > 0 && (n = in.read(chunk, 0, (int) Math.min(chunk.length, left))) != -1; ) {
                left -= n;
            }
        } catch (IOException e) {
            // as above
        }
    }

    private static HttpError tooLarge(int maxBytes) {
        return new HttpError(HttpStatus.CONTENT_TOO_LARGE.getCode(),
                "body: is larger than " + maxBytes + " bytes, the most an admin request may send", "body");
    }
}

package dev.statusstream.server.api;

import dev.statusstream.LocalizedText;
import dev.statusstream.Snapshot;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.RenderedCache.Coding;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * The HTTP manners every public read endpoint shares ({@code /api/status}, {@code /api/v2/*}, feeds,
 * badge): CORS {@code *} without credentials, and validators derived from the snapshot so that a poller
 * whose copy is current gets an empty {@code 304}.
 *
 * <p>Each representation is rendered once per version ({@link RenderedCache}); its {@code ETag} is strong:
 * the snapshot version plus a digest of the bytes, and a suffix for the gzip copy. Every committed change
 * advances the version, and the same version renders the same bytes on every node, so a poller moving
 * between nodes behind a load balancer still gets {@code 304}s. {@code If-None-Match} wins when both are
 * sent (RFC 9110 section 13.2.2) and is compared weakly, as that section says.
 *
 * <p>{@code Last-Modified} is when the snapshot was generated, to the second. A date is only a safe
 * validator once its second is over: a copy fetched at 09:00:00.2 of a version made at 09:00:00.1 carries
 * {@code 09:00:00}, and so does the next version if it is made at 09:00:00.7, so {@code If-Modified-Since:
 * 09:00:00} would hide it. So while the snapshot's second (plus {@link #CLOCK_MARGIN} for the clocks of
 * other writers and for versions still on their way) is still running, the date sent is the second before it: a poller then gets one more
 * full answer, whose date is safe. Every date we send is thus either a second no later version can share,
 * or earlier than the version it came with, and {@code 304} for "not modified since that second" never
 * hides a change. Stateless.
 */
public final class PublicRead {
    /**
     * How long after its second a snapshot's date becomes safe: covers a writer's clock behind ours and a
     * later version of the same second still on its way to this node.
     */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(2);
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ANY_ORIGIN = "*";
    static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    static final String EXPOSED = "ETag, Last-Modified";

    private PublicRead() {
    }

    /** The CORS headers of a public resource: any origin, no credentials, validators readable by scripts. */
    public static void cors(Context ctx) {
        ctx.header(ALLOW_ORIGIN, ANY_ORIGIN).header(EXPOSE_HEADERS, EXPOSED);
    }

    /**
     * A CORS preflight for a public resource (a script that sends {@code If-None-Match} itself needs one).
     * The route has set {@link #cors}.
     */
    public static void preflight(Context ctx) {
        ctx.header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                .header("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since")
                .header("Access-Control-Max-Age", "86400")
                .status(204);
    }

    /**
     * Sends {@code rendered}, a copy of a public read at {@code snapshot}'s version, with its validators:
     * {@code Cache-Control: no-cache}, the copy's {@code ETag} and the snapshot's {@code Last-Modified}; an
     * empty {@code 304} when the request's validators match, brotli or gzip bytes when the request accepts
     * them. CORS is the route's ({@link #cors}).
     */
    public static void send(Context ctx, Snapshot snapshot, RenderedCache.Rendered rendered) {
        ctx.header("Last-Modified", lastModifiedHeader(snapshot, Instant.now()));
        Coding coding = coding(ctx.header("Accept-Encoding"), rendered);
        boolean current = current(snapshot, rendered.etag(coding), ctx.header("If-None-Match"), ctx.header("If-Modified-Since"));
        send(ctx, rendered, coding, current, "Accept-Encoding");
    }

    /** The {@code Last-Modified} value sent with a read of {@code snapshot} answered at {@code now}. */
    static String lastModifiedHeader(Snapshot snapshot, Instant now) {
        Instant modified = lastModified(snapshot.generatedAt(), now);
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC));
    }

    /**
     * Whether a reader's copy of a read of {@code snapshot} whose tag is {@code etag} is current:
     * {@code If-None-Match} when sent, else {@code If-Modified-Since} (either may be null).
     */
    static boolean current(Snapshot snapshot, String etag, String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch != null) {
            return matches(ifNoneMatch, etag);
        }
        Instant since = httpDate(ifModifiedSince);
        // the snapshot's own second, not the date sent, which may be a second early
        return since != null && !snapshot.generatedAt().truncatedTo(ChronoUnit.SECONDS).isAfter(since);
    }

    /**
     * Sends {@code rendered}, a page, with its {@code ETag} (no date: the page is revalidated by its tag
     * alone), {@code 304} when {@code If-None-Match} matches, brotli or gzip when accepted.
     *
     * @param vary what else the page depends on besides {@code Accept-Encoding}, e.g. {@code "Accept-Language, Cookie"}
     */
    public static void sendPage(Context ctx, RenderedCache.Rendered rendered, String vary) {
        Coding coding = coding(ctx.header("Accept-Encoding"), rendered);
        String ifNoneMatch = ctx.header("If-None-Match");
        boolean current = ifNoneMatch != null && matches(ifNoneMatch, rendered.etag(coding));
        send(ctx, rendered, coding, current, "Accept-Encoding, " + vary);
    }

    private static void send(Context ctx, RenderedCache.Rendered rendered, Coding coding, boolean current, String vary) {
        ctx.header("Cache-Control", "no-cache").header("ETag", rendered.etag(coding)).header("Vary", vary);
        if (current) {
            ctx.status(304);
            // no Content-Type: a cache takes the headers of a 304 over its stored ones, and Javalin's default
            // text/plain would replace the copy's own
            ctx.res().setContentType(null);
            return;
        }
        if (coding.token() != null) {
            // set before the body is written, so Javalin's own compression leaves it alone
            ctx.header("Content-Encoding", coding.token());
        }
        ByteBuffer body = rendered.body(coding);
        ctx.contentType(rendered.contentType());
        ctx.res().setContentLength(body.remaining());
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        // straight to Jetty in one write: through ctx.result the bytes would be copied in small pieces, each
        // flushed on its own once past the 4 KB output buffer (a 140 KB page took dozens of socket writes);
        // Jetty's own stream takes the direct buffer as it is, with no copy out of the heap
        try {
            ServletOutputStream out = ctx.res().getOutputStream();
            if (out instanceof HttpOutput jetty) {
                jetty.write(body);
            } else {
                out.write(rendered.bytes(coding));
            }
        } catch (IOException e) {
            // the reader went away mid-answer: nobody is left to tell, and it is no error of ours
        }
    }

    /**
     * The coding to send {@code rendered} in: brotli, else gzip, when kept and accepted by
     * {@code Accept-Encoding} (listed, or covered by {@code *}, without {@code q=0}; RFC 9110 section
     * 12.5.3), else identity.
     */
    static Coding coding(String acceptEncoding, RenderedCache.Rendered rendered) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return Coding.IDENTITY;
        }
        Map<String, Boolean> accepted = new HashMap<>();
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.split(";");
            String token = parts[0].strip().toLowerCase(Locale.ROOT);
            accepted.put(token.equals("x-gzip") ? "gzip" : token, !refused(parts));
        }
        for (Coding coding : List.of(Coding.BROTLI, Coding.GZIP)) {
            if (rendered.has(coding) && accepted.getOrDefault(coding.token(), accepted.getOrDefault("*", false))) {
                return coding;
            }
        }
        return Coding.IDENTITY;
    }

    private static boolean refused(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String p = parameters[i].strip().toLowerCase(Locale.ROOT).replace(" ", "");
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The {@code Last-Modified} of a snapshot generated at {@code generated}, answered at {@code now}: its
     * second, or the second before while a later version could still be made within the same second.
     */
    static Instant lastModified(Instant generated, Instant now) {
        Instant second = generated.truncatedTo(ChronoUnit.SECONDS);
        boolean over = !now.isBefore(second.plusSeconds(1).plus(CLOCK_MARGIN));
        return over ? second : second.minusSeconds(1);
    }

    /**
     * The language asked for with {@code ?lang=}, normalized, or {@code fallback}.
     *
     * @throws ValidationException naming {@code lang} when it is not a language tag
     */
    public static String language(Context ctx, String fallback) {
        String asked = ctx.queryParam("lang");
        if (asked == null || asked.isBlank()) {
            return fallback;
        }
        try {
            return LocalizedText.normalizeLanguage(asked);
        } catch (ValidationException e) {
            throw new ValidationException("lang", e.reason());
        }
    }

    /** Weak comparison of {@code If-None-Match} (a list, or {@code *}) against our tag. */
    static boolean matches(String ifNoneMatch, String etag) {
        String ours = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || opaque(c).equals(ours)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** An HTTP date, or null when absent or malformed (a malformed date is ignored, RFC 9110 section 13.1.3). */
    static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

package dev.statusstream.server.api;

import dev.statusstream.LocalizedText;
import dev.statusstream.Snapshot;
import dev.statusstream.ValidationException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The HTTP manners every public read endpoint shares ({@code /api/status}, {@code /api/v2/*}, feeds,
 * badge): CORS {@code *} without credentials, and validators derived from the snapshot so that a poller
 * whose copy is current gets an empty {@code 304}.
 *
 * <p>The {@code ETag} is the snapshot version plus a tag for the representation (endpoint, language,
 * query): every committed change advances the version, and the same version renders the same bytes on
 * every node, so a poller moving between nodes behind a load balancer still gets {@code 304}s.
 * {@code Last-Modified} is when the snapshot was generated; it has one-second resolution, so
 * {@code If-None-Match} wins when both are sent (RFC 9110 section 13.2.2). Stateless.
 */
public final class PublicRead {
    /** Bumped when a representation's format changes, so cached copies of the old format are not revalidated. */
    private static final String FORMAT = "1";

    private PublicRead() {
    }

    /** The CORS headers of a public resource: any origin, no credentials, validators readable by scripts. */
    public static void cors(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Expose-Headers", "ETag, Last-Modified");
    }

    /** A CORS preflight for a public resource (a script that sends {@code If-None-Match} itself needs one). */
    public static void preflight(Context ctx) {
        cors(ctx);
        ctx.header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                .header("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since")
                .header("Access-Control-Max-Age", "86400")
                .status(204);
    }

    /**
     * Sets CORS, caching and validator headers for {@code snapshot} rendered as {@code representation},
     * and answers {@code 304 Not Modified} when the request's validators match.
     *
     * @param representation distinguishes what is rendered from the same snapshot, e.g. {@code "v2/summary|en"}
     * @return true when the response is a 304 and the handler must write nothing more
     */
    public static boolean notModified(Context ctx, Snapshot snapshot, String representation) {
        String etag = etag(snapshot.version(), representation);
        Instant modified = snapshot.generatedAt().truncatedTo(ChronoUnit.SECONDS);
        cors(ctx);
        ctx.header("Cache-Control", "no-cache")
                .header("ETag", etag)
                .header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)));
        boolean current;
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null) {
            current = matches(ifNoneMatch, etag);
        } else {
            Instant since = httpDate(ctx.header("If-Modified-Since"));
            current = since != null && !modified.isAfter(since);
        }
        if (current) {
            ctx.status(304);
        }
        return current;
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

    /** A weak validator: equal bytes are not promised across gzip, only equal content. */
    static String etag(long version, String representation) {
        String tag = Integer.toHexString((FORMAT + '|' + representation).hashCode());
        return "W/\"" + version + "-" + tag + "\"";
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

package dev.statusstream.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.statusstream.LocalizedText;
import dev.statusstream.StoredTime;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.HttpError;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One admin request body, read strictly: at most {@value #MAX_BYTES} bytes (413), {@code application/json}
 * in UTF-8 (415), well-formed JSON without duplicate keys, a single object, and only the fields the
 * route knows (a misspelt field is an error, not silently ignored). Typed readers name the field in
 * every error. Localized text is a JSON object keyed by language, or a plain string meaning the
 * default language.
 */
final class JsonBody {
    /** How much of a too-large body is read and discarded so that its client gets the 413 (see drain). */
    static final long DRAIN_LIMIT = 1 << 20;
    static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode object;
    private final String defaultLanguage;

    private JsonBody(JsonNode object, String defaultLanguage) {
        this.object = object;
        this.defaultLanguage = defaultLanguage;
    }

    /**
     * Reads the body and checks it has only {@code fields}. An empty body is an empty object unless
     * {@code required}.
     */
    static JsonBody read(Context ctx, String defaultLanguage, boolean required, String... fields) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            // a client that announced 100-continue has sent nothing yet: refuse at once
            if (declared <= DRAIN_LIMIT && !"100-continue".equalsIgnoreCase(ctx.header("Expect"))) {
                drain(ctx);
            }
            throw tooLarge();
        }
        byte[] bytes = readLimited(ctx);
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (required) {
                throw new ValidationException("body", "is required: send a JSON object with " + String.join(", ", fields));
            }
            return new JsonBody(STRICT.createObjectNode(), defaultLanguage);
        }
        checkContentType(ctx.header("Content-Type"));
        JsonNode tree;
        try {
            tree = STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new ValidationException("body", "is not valid JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!tree.isObject()) {
            throw new ValidationException("body", "must be a JSON object, not " + kind(tree));
        }
        var known = Set.of(fields);
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ValidationException(name, "is not a field of this request ("
                        + (fields.length == 0 ? "it takes none" : "it takes " + String.join(", ", fields)) + ")");
            }
        }
        return new JsonBody(tree, defaultLanguage);
    }

    /** True when the field is present, even as null. */
    boolean has(String field) {
        return object.has(field);
    }

    /** True when the field is present and null: "remove this". */
    boolean isNull(String field) {
        return object.has(field) && object.get(field).isNull();
    }

    String string(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ValidationException(field, "must be a string, not " + kind(node));
        }
        return node.textValue();
    }

    String requiredString(String field) {
        String value = string(field);
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        return value;
    }

    /** A parsed value; {@code parse} throws a ValidationException, reported under this field. */
    <T> T parsed(String field, Function<String, T> parse) {
        String value = string(field);
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (ValidationException e) {
            throw new ValidationException(field, e.reason());
        }
    }

    Integer integer(String field, int min, int max) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw new ValidationException(field, "must be a whole number from " + min + " to " + max + ", not " + node);
        }
        return node.intValue();
    }

    /**
     * An instant as ISO-8601 with a zone ({@code 2026-11-28T02:00:00Z} or {@code 2026-11-28T11:00:00+09:00}),
     * within the range every time must be in ({@link StoredTime}).
     */
    Instant instant(String field) {
        String value = string(field);
        return value == null ? null : StoredTime.parse(field, value);
    }

    List<String> strings(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw new ValidationException(field, "must be a list of strings, not " + kind(node));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new ValidationException(field + "[" + i + "]", "must be a string, not " + kind(node.get(i)));
            }
            values.add(node.get(i).textValue());
        }
        return values;
    }

    /**
     * Localized text: a string (the default language) or an object of language to string. Absent is
     * null; JSON null is the empty text (no text at all).
     */
    LocalizedText text(String field) {
        if (!object.has(field)) {
            return null;
        }
        JsonNode node = object.get(field);
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isTextual()) {
            values.put(defaultLanguage, node.textValue());
        } else if (node.isObject()) {
            for (var entries = node.fields(); entries.hasNext(); ) {
                var entry = entries.next();
                if (!entry.getValue().isTextual()) {
                    throw new ValidationException(field + "." + entry.getKey(), "must be a string, not " + kind(entry.getValue()));
                }
                values.put(entry.getKey(), entry.getValue().textValue());
            }
        } else if (!node.isNull()) {
            throw new ValidationException(field, "must be a string or an object of language to string, like "
                    + "{\"en\": \"Outage\", \"ja\": \"障害\"}, not " + kind(node));
        }
        try {
            return new LocalizedText(values);
        } catch (ValidationException e) {
            throw new ValidationException(field, e.reason());
        }
    }

    /** The value, or null when absent or JSON null. */
    private JsonNode value(String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
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

    private static byte[] readLimited(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            var out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) != -1; ) {
                if (out.size() + n > MAX_BYTES) {
                    drain(in, DRAIN_LIMIT - out.size() - n);
                    throw tooLarge();
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

    private static HttpError tooLarge() {
        return new HttpError(HttpStatus.CONTENT_TOO_LARGE.getCode(),
                "body: is larger than " + MAX_BYTES + " bytes, the most an admin request may send", "body");
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "true/false";
            case NULL -> "null";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}

package dev.statusstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * The JSON form of operations, both ways: {@link Reader} reads a request body strictly (well-formed
 * JSON without duplicate keys, a single object, only the fields the operation knows, typed values that
 * name the field in every error); {@link Writer} writes the same form. Localized text is a JSON object
 * keyed by language, or a plain string meaning the default language. Stateless.
 */
final class OperationJson {
    /** The largest sort key a service may be given. */
    static final int MAX_POSITION = 1_000_000;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OperationJson() {
    }

    /** One operation's body and path parameters, read strictly. */
    static final class Reader {
        private final JsonNode object;
        private final Function<String, String> pathParameter;
        private final String defaultLanguage;

        private Reader(JsonNode object, Function<String, String> pathParameter, String defaultLanguage) {
            this.object = object;
            this.pathParameter = pathParameter;
            this.defaultLanguage = defaultLanguage;
        }

        /** Reads {@code json} and checks it has only {@code fields}; an empty body is an empty object unless {@code required}. */
        static Reader read(byte[] json, List<String> fields, boolean required, Function<String, String> pathParameter,
                String defaultLanguage) {
            if (json == null || json.length == 0 || new String(json, StandardCharsets.UTF_8).isBlank()) {
                if (required) {
                    throw new ValidationException("body", "is required: send a JSON object with " + String.join(", ", fields));
                }
                return new Reader(STRICT.createObjectNode(), pathParameter, defaultLanguage);
            }
            JsonNode tree;
            try {
                tree = STRICT.readTree(json);
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
            var known = Set.copyOf(fields);
            for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new ValidationException(name, "is not a field of this request ("
                            + (fields.isEmpty() ? "it takes none" : "it takes " + String.join(", ", fields)) + ")");
                }
            }
            return new Reader(tree, pathParameter, defaultLanguage);
        }

        /** An operation without a body: only its path parameters. */
        static Reader pathOnly(Function<String, String> pathParameter) {
            return new Reader(STRICT.createObjectNode(), pathParameter, null);
        }

        /** A parameter of the path, such as the service id in {@code /services/{id}}. */
        String path(String name) {
            return pathParameter.apply(name);
        }

        /** True when the field is present, whatever its value. */
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

        Boolean bool(String field) {
            JsonNode node = value(field);
            if (node == null) {
                return null;
            }
            if (!node.isBoolean()) {
                throw new ValidationException(field, "must be true or false, not " + kind(node));
            }
            return node.booleanValue();
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

        /** Localized text that must be given and not be empty. */
        LocalizedText requiredText(String field) {
            LocalizedText text = text(field);
            if (text == null || text.isEmpty()) {
                throw new ValidationException(field, "is required");
            }
            return text;
        }

        /** The value, or null when absent or JSON null. */
        private JsonNode value(String field) {
            JsonNode node = object.get(field);
            return node == null || node.isNull() ? null : node;
        }
    }

    /** Writes an operation's body: fields in order, absent when null unless written as {@link #remove}. */
    static final class Writer {
        private final ObjectNode object = STRICT.createObjectNode();

        /** Adds the field unless {@code value} is null. */
        Writer put(String field, Object value) {
            if (value != null) {
                object.set(field, node(value));
            }
            return this;
        }

        /** The field as JSON null: a patch removing it. */
        Writer remove(String field) {
            object.putNull(field);
            return this;
        }

        /** Null when {@code value} is null, a removal when empty, else the value (for patches). */
        Writer putOrRemove(String field, Object value) {
            if (value instanceof LocalizedText text && text.isEmpty() || "".equals(value)) {
                return remove(field);
            }
            return put(field, value);
        }

        @Override
        public String toString() {
            return object.toString();
        }

        private static JsonNode node(Object value) {
            return switch (value) {
                case LocalizedText text -> {
                    ObjectNode languages = STRICT.createObjectNode();
                    text.values().forEach(languages::put);
                    yield languages;
                }
                case Status s -> STRICT.getNodeFactory().textNode(s.wireName());
                case IncidentState s -> STRICT.getNodeFactory().textNode(s.wireName());
                case IncidentKind k -> STRICT.getNodeFactory().textNode(k.wireName());
                case Instant i -> STRICT.getNodeFactory().textNode(i.toString());
                case Integer n -> STRICT.getNodeFactory().numberNode(n);
                case Boolean b -> STRICT.getNodeFactory().booleanNode(b);
                case SubscriberKind k -> STRICT.getNodeFactory().textNode(k.wireName());
                case String s -> STRICT.getNodeFactory().textNode(s);
                case List<?> list -> {
                    ArrayNode array = STRICT.createArrayNode();
                    list.forEach(item -> array.add(node(item)));
                    yield array;
                }
                default -> throw new IllegalArgumentException("no JSON form for " + value.getClass().getSimpleName());
            };
        }
    }

    static String kind(JsonNode node) {
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

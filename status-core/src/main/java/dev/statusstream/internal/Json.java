package dev.statusstream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.statusstream.StatusException;
import dev.statusstream.ValidationException;
import java.util.stream.Collectors;

/** The one JSON mapper of StatusStream: ISO-8601 UTC timestamps, strict on input. Thread-safe. */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** The shared mapper; configure nothing on it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes any value as one line of JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StatusException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads JSON into {@code type}.
     *
     * @param what names the input in errors, e.g. {@code "snapshot"} or {@code "request body"}
     * @throws ValidationException naming the field and reason when the JSON is malformed or invalid
     */
    public static <T> T read(String json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw invalid(e, what);
        }
    }

    /** Converts a parsed tree into {@code type}; errors as {@link #read(String, Class, String)}. */
    public static <T> T convert(com.fasterxml.jackson.databind.JsonNode tree, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw invalid(e, what);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(what, e.getMessage());
        }
    }

    /** Reads JSON into a generic type; errors as {@link #read(String, Class, String)}. */
    public static <T> T read(String json, TypeReference<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw invalid(e, what);
        }
    }

    /** Turns a Jackson failure into a {@link ValidationException} naming the JSON path of the bad value. */
    public static ValidationException invalid(JsonProcessingException e, String what) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof ValidationException ve) {
            String path = path(vie);
            return path.isEmpty() ? ve : ve.under(path);
        }
        if (e instanceof InvalidFormatException ife && ife.getCause() instanceof ValidationException ve) {
            String path = path(ife);
            return new ValidationException(path.isEmpty() ? ve.field() : path, ve.reason());
        }
        if (e instanceof MismatchedInputException mie) {
            String path = path(mie);
            return new ValidationException(path.isEmpty() ? what : path, "has the wrong type: " + mie.getOriginalMessage());
        }
        if (e.getCause() instanceof ValidationException ve) {
            return ve;
        }
        return new ValidationException(what, "is not valid JSON: " + e.getOriginalMessage());
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}

package dev.statusstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of {@link Operation} as the admin API carries it: its method and path, the JSON body it
 * takes, and how the reply is shaped. The admin API registers one route per type and reads requests
 * with {@link #read}; a remote client sends {@link Operation#toJson()} to {@link Operation#path()} and
 * reads the answer with {@link #readReply}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value a committed operation of this type returns
 */
public final class OperationType<T> {
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");
    /** How each path parameter is checked, before the body is read. */
    private static final Map<String, UnaryOperator<String>> PATH_CHECKS = Map.of("id", Service::checkId,
            "slug", Incident::checkSlug, "template", IncidentTemplate::checkName, "subscriber", Subscriber::checkId, "name", Operator::checkName,
            "token", ConfirmEmail::checkToken, "monitor", Monitor::checkName);

    private final String name;
    private final String method;
    private final String path;
    private final List<String> parameters = new ArrayList<>();
    private final List<String> fields;
    private final boolean bodyRequired;
    private final int replyStatus;
    private final String replyKey;
    private final Function<OperationJson.Reader, ? extends Operation<T>> reader;
    private final Function<T, String> location;
    private final Function<JsonNode, T> replyReader;
    /** The value of the path's parameter for an operation of this type; null when the path has none. */
    private final Function<Object, String> id;
    private final Role role;

    private OperationType(String name, String method, String path, List<String> fields, boolean bodyRequired,
            int replyStatus, String replyKey, Function<OperationJson.Reader, ? extends Operation<T>> reader,
            Function<T, String> location, Function<JsonNode, T> replyReader, Function<Object, String> id) {
        this(name, method, path, fields, bodyRequired, replyStatus, replyKey, reader, location, replyReader, id, Role.ADMIN);
    }

    private OperationType(String name, String method, String path, List<String> fields, boolean bodyRequired,
            int replyStatus, String replyKey, Function<OperationJson.Reader, ? extends Operation<T>> reader,
            Function<T, String> location, Function<JsonNode, T> replyReader, Function<Object, String> id, Role role) {
        this.role = role;
        this.name = name;
        this.method = method;
        this.path = path;
        this.fields = fields;
        this.bodyRequired = bodyRequired;
        this.replyStatus = replyStatus;
        this.replyKey = replyKey;
        this.reader = reader;
        this.location = location;
        this.replyReader = replyReader;
        this.id = id;
        for (Matcher m = PARAMETER.matcher(path); m.find(); ) {
            if (!PATH_CHECKS.containsKey(m.group(1))) {
                throw new IllegalArgumentException("no check for the path parameter " + m.group(1));
            }
            parameters.add(m.group(1));
        }
    }

    /** A type whose body is a JSON object with these fields. */
    static <T> OperationType<T> withBody(String name, String method, String path, List<String> fields, boolean bodyRequired,
            int replyStatus, String replyKey, Function<OperationJson.Reader, ? extends Operation<T>> reader) {
        return new OperationType<>(name, method, path, List.copyOf(fields), bodyRequired, replyStatus, replyKey, reader, null, null, null);
    }

    /** A type that takes no body: any body sent is not read. */
    static <T> OperationType<T> withoutBody(String name, String method, String path, int replyStatus, String replyKey,
            Function<OperationJson.Reader, ? extends Operation<T>> reader) {
        return new OperationType<>(name, method, path, null, false, replyStatus, replyKey, reader, null, null, null);
    }

    /** This type, open to responders (statuses, incidents, maintenance); every other type needs an admin. */
    OperationType<T> forResponders() {
        return new OperationType<>(name, method, path, fields, bodyRequired, replyStatus, replyKey, reader, location,
                replyReader, id, Role.RESPONDER);
    }

    /**
     * The least role that may run operations of this type: {@link Role#RESPONDER} for statuses, incidents and
     * maintenance, {@link Role#ADMIN} for everything else (so a new kind of write is an admin's until said
     * otherwise).
     *
     * @return the role required
     */
    public Role role() {
        return role;
    }

    /** This type, answering with the created resource's path under the admin API. */
    OperationType<T> locatedAt(Function<T, String> location) {
        return new OperationType<>(name, method, path, fields, bodyRequired, replyStatus, replyKey, reader, location,
                replyReader, id, role);
    }

    /**
     * This type, whose path parameter an operation of it fills with {@code id} (its service id, its
     * incident slug), so that {@link Operation#path()} needs no code in the record.
     */
    @SuppressWarnings("unchecked")
    <O extends Operation<T>> OperationType<T> identifiedBy(Function<O, String> id) {
        if (parameters.size() != 1) {
            throw new IllegalArgumentException(name + " has " + parameters.size() + " path parameters, not one");
        }
        return new OperationType<>(name, method, path, fields, bodyRequired, replyStatus, replyKey, reader, location,
                replyReader, operation -> id.apply((O) operation), role);
    }

    /** This type, whose reply value (under {@link #replyKey()}) a remote client reads with {@code replyReader}. */
    OperationType<T> replying(Function<JsonNode, T> replyReader) {
        return new OperationType<>(name, method, path, fields, bodyRequired, replyStatus, replyKey, reader, location,
                replyReader, id, role);
    }

    /**
     * The operation's name, for logs.
     *
     * @return e.g. {@code setStatus}
     */
    public String name() {
        return name;
    }

    /**
     * The HTTP method of its admin route.
     *
     * @return e.g. {@code PUT}
     */
    public String method() {
        return method;
    }

    /**
     * Its admin route's path under {@code /api/admin}, with parameters in braces.
     *
     * @return e.g. {@code /services/{id}/status}
     */
    public String path() {
        return path;
    }

    /**
     * Whether the route reads a request body; one that does not ignores whatever is sent.
     *
     * @return false for operations named by their path alone (removing a service)
     */
    public boolean takesBody() {
        return fields != null;
    }

    /**
     * The HTTP status of a successful reply.
     *
     * @return 201 for what creates a resource or an update, 200 otherwise
     */
    public int replyStatus() {
        return replyStatus;
    }

    /**
     * The key of the reply object that holds the result, next to {@code version}.
     *
     * @return e.g. {@code service}
     */
    public String replyKey() {
        return replyKey;
    }

    /**
     * Where the resource an operation created lives, for a {@code Location} header.
     *
     * @param value the operation's result
     * @return the path under {@code /api/admin}, or empty when this type creates nothing
     */
    public Optional<String> location(T value) {
        return location == null ? Optional.empty() : Optional.of(location.apply(value));
    }

    /**
     * Reads an operation from an admin request: checks the path's parameters first, then (when this
     * type takes a body) reads the body strictly: a single JSON object of the known fields only, no
     * duplicate keys, values of the right type.
     *
     * @param pathParameter   the request's path parameters by name
     * @param body            supplies the body's bytes; called only when this type takes a body
     * @param defaultLanguage the language of texts given as plain strings
     * @return the operation, validated
     * @throws ValidationException naming the bad field
     */
    public Operation<T> read(Function<String, String> pathParameter, Supplier<byte[]> body, String defaultLanguage) {
        for (String parameter : parameters) {
            PATH_CHECKS.get(parameter).apply(pathParameter.apply(parameter));
        }
        OperationJson.Reader fields = takesBody()
                ? OperationJson.Reader.read(body.get(), this.fields, bodyRequired, pathParameter, defaultLanguage)
                : OperationJson.Reader.pathOnly(pathParameter);
        return reader.apply(fields);
    }

    /**
     * Reads the admin API's reply to an operation of this type: an object with the new {@code version}
     * and the result under {@link #replyKey()}.
     *
     * @param json the reply's body
     * @return the version and the result, as {@link StatusStream#execute} returns them
     * @throws ValidationException when the reply is not of that form
     */
    public Change<T> readReply(String json) {
        JsonNode reply = Json.read(json, JsonNode.class, "reply");
        if (!reply.path("version").isIntegralNumber()) {
            throw new ValidationException("version", "is missing from the reply to " + name);
        }
        JsonNode value = reply.get(replyKey);
        if (value == null || replyReader == null) {
            throw new ValidationException(replyKey, (value == null ? "is missing from" : "cannot be read from")
                    + " the reply to " + name);
        }
        return new Change<>(reply.get("version").asLong(), replyReader.apply(value));
    }

    /** The path of {@code operation}, an operation of this type, with its parameter filled in. */
    String pathOf(Operation<T> operation) {
        if (parameters.isEmpty()) {
            return path;
        }
        if (id == null) {
            throw new IllegalStateException(name + " does not say what fills " + path);
        }
        return fill(id.apply(operation));
    }

    /** The path with its parameters replaced by {@code values}, in order. */
    private String fill(String... values) {
        Matcher m = PARAMETER.matcher(path);
        var filled = new StringBuilder();
        int i = 0;
        while (m.find()) {
            m.appendReplacement(filled, Matcher.quoteReplacement(values[i++]));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    @Override
    public String toString() {
        return name + " (" + method + " " + path + ")";
    }
}

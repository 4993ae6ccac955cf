package dev.statusstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.Change;
import dev.statusstream.ConflictException;
import dev.statusstream.Incident;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Monitor;
import dev.statusstream.NotFoundException;
import dev.statusstream.Operation;
import dev.statusstream.OperationType;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusException;
import dev.statusstream.Subscriber;
import dev.statusstream.UnavailableException;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Remote mode: a server's admin API over HTTP. Replies become the library's records and errors the
 * library's exceptions, so the CLI prints and exits the same as in direct mode. The token is asked
 * for only when a call needs it ({@code list} and {@code watch} use the public endpoints).
 */
final class RemoteOperations implements Operations {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** How long {@code watch} waits for anything, even a heartbeat (30 s by default), before reconnecting. */
    static final Duration WATCH_IDLE_LIMIT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI server;
    private final Supplier<String> token;
    private final Consumer<String> notices;
    private String defaultLanguage;

    RemoteOperations(URI server, Supplier<String> token, Consumer<String> notices) {
        this.server = server;
        this.token = token;
        this.notices = notices;
    }

    /** Sends the operation's own JSON form to its admin route, and reads the reply as its type does. */
    @Override
    public <T> Change<T> execute(Operation<T> operation) {
        OperationType<T> type = operation.type();
        return type.readReply(send(type.method(), "/api/admin" + operation.path(), operation.toJson()));
    }

    @Override
    public List<Monitor> monitors(String serviceId, String after, int limit) {
        JsonNode page = call("GET", withQuery("/api/admin/monitors", "limit", limit, "service", serviceId, "after", after), null)
                .get("page").get("monitors");
        List<Monitor> monitors = new ArrayList<>();
        page.forEach(node -> monitors.add(Json.convert(node, Monitor.class, "monitor")));
        return monitors;
    }

    @Override
    public Optional<Service> service(String id) {
        return find("/api/admin/services/" + id).map(reply -> service(reply.get("service")));
    }

    @Override
    public Optional<Incident> incident(String slug) {
        return find("/api/admin/incidents/" + slug).map(reply -> Json.convert(reply.get("incident"), Incident.class, "incident"));
    }

    @Override
    public List<IncidentTemplate> templates(String after, int limit) {
        JsonNode reply = call("GET", withQuery("/api/admin/templates", "limit", Math.min(limit, 199), "after", after), null);
        List<IncidentTemplate> templates = new ArrayList<>();
        reply.get("templates").forEach(node -> templates.add(Json.convert(node, IncidentTemplate.class, "template")));
        return templates;
    }

    @Override
    public Optional<IncidentTemplate> template(String name) {
        return find("/api/admin/templates/" + IncidentTemplate.checkName(name))
                .map(reply -> Json.convert(reply.get("template"), IncidentTemplate.class, "template"));
    }

    @Override
    public List<Subscriber> subscribers(String after, int limit) {
        JsonNode reply = call("GET", withQuery("/api/admin/subscribers", "limit", limit, "after", after), null);
        List<Subscriber> subscribers = new ArrayList<>();
        reply.path("subscribers").forEach(node -> subscribers.add(Json.convert(node, Subscriber.class, "subscriber")));
        return subscribers;
    }

    @Override
    public Snapshot snapshot() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/status")).GET().timeout(TIMEOUT));
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        return Snapshot.fromJson(response.body());
    }

    @Override
    public dev.statusstream.AuditPage audit(dev.statusstream.AuditQuery query) {
        JsonNode reply = call("GET", withQuery("/api/admin/audit", "limit", query.limit(), "actor", query.actor(),
                "target", query.target(), "before", query.before()), null);
        List<dev.statusstream.AuditEntry> entries = new ArrayList<>();
        for (JsonNode entry : reply.path("entries")) {
            entries.add(new dev.statusstream.AuditEntry(entry.path("id").asLong(), java.time.Instant.parse(entry.path("at").asText()),
                    entry.path("actor").asText(), entry.path("action").asText(), entry.path("target").asText(),
                    raw(entry.get("before")), raw(entry.get("after")), entry.path("address").asText(null),
                    entry.path("version").asLong()));
        }
        return new dev.statusstream.AuditPage(entries, reply.hasNonNull("next") ? reply.get("next").asLong() : null);
    }

    private static String raw(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    @Override
    public List<dev.statusstream.ApiToken> tokens() {
        List<dev.statusstream.ApiToken> tokens = new ArrayList<>();
        call("GET", withQuery("/api/admin/tokens", "limit", dev.statusstream.Accounts.MAX_PAGE), null).path("tokens")
                .forEach(node -> tokens.add(Json.convert(node, dev.statusstream.ApiToken.class, "token")));
        return tokens;
    }

    @Override
    public List<dev.statusstream.Operator> operators() {
        List<dev.statusstream.Operator> operators = new ArrayList<>();
        call("GET", withQuery("/api/admin/operators", "limit", dev.statusstream.Accounts.MAX_PAGE), null).path("operators")
                .forEach(node -> operators.add(Json.convert(node, dev.statusstream.Operator.class, "operator")));
        return operators;
    }

    /** The server's, asked once: plain texts must be in the language the server requires, not ours. */
    @Override
    public String defaultLanguage() {
        if (defaultLanguage == null) {
            JsonNode settings = call("GET", "/api/admin/settings", null).path("settings");
            defaultLanguage = LocalizedText.normalizeLanguage(settings.path("defaultLanguage").asText(null));
        }
        return defaultLanguage;
    }

    @Override
    public void watch(Predicate<Snapshot> onSnapshot) throws InterruptedException {
        new SseFollower(http, uri("/api/status/stream"), WATCH_IDLE_LIMIT, Duration.ofSeconds(30), notices)
                .follow(onSnapshot);
    }

    @Override
    public void close() {
        http.close();
    }

    /** An admin call; {@code body} null sends none. Returns the reply, or throws what the error means. */
    private JsonNode call(String method, String path, String body) {
        return Json.read(send(method, path, body), JsonNode.class, "the server's reply");
    }

    /** An admin call; returns the reply's body, or throws what the error means. */
    private String send(String method, String path, String body) {
        var request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token.get())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
        return response.body();
    }

    private Optional<JsonNode> find(String path) {
        try {
            return Optional.of(call("GET", path, null));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            // the JDK's client gives no message for a refused connection; say what the operator can check
            throw new UnavailableException("cannot reach " + server + ": nothing accepts connections there; "
                    + "is the server running, and is --server its address?", e);
        } catch (IOException e) {
            throw new UnavailableException("cannot reach " + server + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while talking to " + server, e);
        }
    }

    /** The library exception an error reply stands for, so the CLI reports it as in direct mode. */
    private StatusException failure(HttpResponse<String> response) {
        int status = response.statusCode();
        String error = response.body().isBlank() ? "no detail" : response.body().strip();
        String field = null;
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            JsonNode json = Json.read(response.body(), JsonNode.class, "the server's reply");
            error = json.path("error").asText(error);
            field = json.hasNonNull("field") ? json.get("field").asText() : null;
        }
        String reason = field != null && error.startsWith(field + ": ") ? error.substring(field.length() + 2) : error;
        return switch (status) {
            case 400, 413, 415 -> new ValidationException(field == null ? "request" : field, reason);
            case 401 -> new StatusException(server + " refused the admin token (401: " + error
                    + "); check STATUS_ADMIN_TOKEN or --token-file");
            case 404 -> field != null ? new NotFoundException(field, error) : new StatusException(server
                    + " has no such admin route (404): its admin API is off unless it has STATUS_ADMIN_TOKEN, or it is not a StatusStream server");
            case 403 -> new ValidationException(field == null ? "Authorization" : field, reason);
            case 409 -> new ConflictException(field, error);
            default -> status >= 500 ? new UnavailableException(server + " failed (" + status + "): " + error, null)
                    : new StatusException(server + " answered " + status + ": " + error);
        };
    }

    /**
     * {@code path} with a query of these names and values, each value URL-encoded (a cursor or a filter is
     * the user's text and may hold {@code &}, {@code #} or spaces); a null value leaves its name out.
     */
    static String withQuery(String path, Object... namesAndValues) {
        var query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                query.add(namesAndValues[i] + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        }
        return path + query;
    }

    /** The server URL may carry a path prefix (a status page mounted under /status): keep it. */
    private URI uri(String path) {
        String base = server.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static Service service(JsonNode node) {
        Service s = Json.convert(node, Service.class, "service");
        return new Service(s.id(), s.category(), s.label(), s.description(), node.path("position").asInt(), s.status(),
                s.statusSummary(), s.statusSince(), s.updatedAt());
    }
}

package dev.statusstream.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Calls to a test node's admin API, and a fingerprint of its database to prove a request changed nothing. */
public final class AdminHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestNode node;
    private final String token;

    public AdminHttp(TestNode node, String token) {
        this.node = node;
        this.token = token;
    }

    /** A reply: its status, its headers, and its body parsed as JSON (null when it is not JSON). */
    public record Reply(int status, HttpResponse<String> raw, JsonNode json) {
        public String field() {
            return json == null || !json.has("field") ? null : json.get("field").asText();
        }

        public String error() {
            return json == null || !json.has("error") ? raw.body() : json.get("error").asText();
        }

        public long version() {
            return json.get("version").asLong();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** A JSON request with the bearer token; {@code body} null sends none. */
    public Reply send(String method, String path, String body) {
        return send(method, path, "application/json", body, "Authorization", "Bearer " + token);
    }

    /** Any request: content type (null for none), body (null for none) and header name/value pairs. */
    public Reply send(String method, String path, String contentType, String body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = Json.mapper().readTree(response.body());
            }
            return new Reply(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Everything a write could change, as one string: the version, the change log's length, and a
     * digest of every row of services, status history, incidents, updates and maintenance effects.
     */
    public static String fingerprint(String databaseUrl) {
        try (var c = DriverManager.getConnection(databaseUrl);
             var rs = c.createStatement().executeQuery("""
                     select (select version from statusstream_status_version) || ' ' || (select count(*) from statusstream_change_log) || ' '
                       || (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from statusstream_services t) || ' '
                       || (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from statusstream_status_history t) || ' '
                       || (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from statusstream_incidents t) || ' '
                       || (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from statusstream_incident_updates t) || ' '
                       || (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from statusstream_maintenance_effects t)""")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fingerprint " + databaseUrl + ": " + e.getMessage(), e);
        }
    }
}

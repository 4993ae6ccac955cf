package dev.statusstream.server.console;

import dev.statusstream.server.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser stand-in for HTTP tests of the console: keeps cookies by hand, fills forms with their token. */
final class ConsoleClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final TestNode node;
    private final String[] extraHeaders;
    final Map<String, String> cookies = new LinkedHashMap<>();
    final List<String> setCookies = new ArrayList<>();

    ConsoleClient(TestNode node, String... extraHeaders) {
        this.node = node;
        this.extraHeaders = extraHeaders;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(node.url(path))).GET());
    }

    /** A form POST; {@code fields} as name/value pairs. */
    HttpResponse<String> post(String path, String... fields) {
        var body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(node.url(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** The anti-forgery token of the first form on {@code page}. */
    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no form with a csrf field on " + page.uri() + ": " + page.body());
        }
        return m.group(1);
    }

    /** Signs in through the form. */
    HttpResponse<String> signIn(String name, String password) {
        String csrf = csrf(get("/admin/signin"));
        return post("/admin/signin", "csrf", csrf, "name", name, "password", password);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(10));
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        for (int i = 0; i < extraHeaders.length; i += 2) {
            request.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                setCookies.add(set);
                String pair = set.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty()) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

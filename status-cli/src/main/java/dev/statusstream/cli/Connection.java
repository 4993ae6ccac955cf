package dev.statusstream.cli;

import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.LocalAdminToken;
import dev.statusstream.internal.LocalConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the CLI reaches the page. Direct mode: the same {@code STATUS_*} variables as the server, or
 * else the connection file a local server left in its data directory. Remote mode: the server URL and
 * the admin token, from {@code --token-file}, {@code STATUS_ADMIN_TOKEN}, or (only for a server on this
 * machine) the token a local server generated in its data directory.
 */
final class Connection {
    private Connection() {
    }

    static StatusStreamConfig directConfig(Map<String, String> env) {
        String databaseUrl = env.get("STATUS_DATABASE_URL");
        if (databaseUrl == null || databaseUrl.isBlank()) {
            Path dataDirectory = Path.of(env.getOrDefault("STATUS_DATA_DIR", "status-data"));
            try {
                databaseUrl = LocalConnection.read(dataDirectory).map(LocalConnection::databaseUrl).orElseThrow(() ->
                        new ValidationException("STATUS_DATABASE_URL", "is not set and no local server left a connection in "
                                + dataDirectory.toAbsolutePath() + " (start status-server there, set STATUS_DATA_DIR, "
                                + "or set STATUS_DATABASE_URL)"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dataDirectory.resolve(LocalConnection.FILE), e);
            }
        }
        try {
            return StatusStreamConfig.defaults()
                    .withDatabaseUrl(databaseUrl)
                    .withRedisUrl(env.get("STATUS_REDIS_URL"))
                    .withRedisPrefix(env.getOrDefault("STATUS_REDIS_PREFIX", "status"))
                    .withDefaultLanguage(defaultLanguage(env))
                    .withDatabasePoolSize(2);
        } catch (ValidationException e) {
            String setting = switch (e.field()) {
                case "databaseUrl" -> "STATUS_DATABASE_URL";
                case "redisUrl" -> "STATUS_REDIS_URL";
                case "redisPrefix" -> "STATUS_REDIS_PREFIX";
                case "language", "defaultLanguage" -> "STATUS_DEFAULT_LANGUAGE";
                default -> e.field();
            };
            throw new ValidationException(setting, e.reason());
        }
    }

    static String defaultLanguage(Map<String, String> env) {
        String language = env.get("STATUS_DEFAULT_LANGUAGE");
        return language == null || language.isBlank() ? "en" : language.strip();
    }

    /** The {@code --server} URL: http or https, a host, no query. */
    static URI serverUri(String server) {
        try {
            URI uri = new URI(server.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(server, "not http(s)://host[:port][/path]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ValidationException("--server", "'" + server + "' is not a server URL (write it like https://status.example.com "
                    + "or http://localhost:8080)");
        }
    }

    /**
     * The admin token for {@code server}. Never from a flag value (see {@code --token}). A token read
     * from a file others can read, or about to cross the network in plain http, gets a warning.
     */
    static String adminToken(Map<String, String> env, Path tokenFile, URI server, Consumer<String> warnings) {
        String token = tokenFromFile(tokenFile, warnings)
                .or(() -> Optional.ofNullable(env.get("STATUS_ADMIN_TOKEN")).map(t -> t.split(",")[0].strip()).filter(t -> !t.isEmpty()))
                .or(() -> isLocal(server) ? localToken(env) : Optional.empty())
                .orElseThrow(() -> new ValidationException("STATUS_ADMIN_TOKEN", "is not set: remote mode needs the server's admin "
                        + "token, in STATUS_ADMIN_TOKEN or a file named with --token-file FILE"));
        if (server.getScheme().equals("http") && !isLocal(server)) {
            warnings.accept("warning: sending the admin token to " + server.getHost() + " over plain http; anyone on the way can read it");
        }
        return token;
    }

    private static Optional<String> tokenFromFile(Path file, Consumer<String> warnings) {
        if (file == null) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.contains("\n")) {
                throw new ValidationException("--token-file", file + " must hold the token alone, on one line");
            }
            if (LocalAdminToken.readableByOthers(file)) {
                warnings.accept("warning: " + file + " can be read by other users; chmod 600 it");
            }
            return Optional.of(token);
        } catch (IOException e) {
            throw new ValidationException("--token-file", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Optional<String> localToken(Map<String, String> env) {
        Path dataDirectory = Path.of(env.getOrDefault("STATUS_DATA_DIR", "status-data"));
        try {
            return LocalAdminToken.read(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDirectory.resolve(LocalAdminToken.FILE), e);
        }
    }

    /** Loopback only: a local server's generated token must never be sent anywhere else. */
    static boolean isLocal(URI server) {
        String host = server.getHost();
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+\\]") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package dev.statusstream.cli;

import dev.statusstream.EnvironmentSettings;
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
 * How the CLI reaches the page. Direct mode: the same {@code STATUS_*} variables as the server, read by
 * the same rules ({@link EnvironmentSettings}), and, for what they leave unset, the settings a local
 * server left in its data directory, so the CLI builds and publishes snapshots exactly as that server
 * does. Remote mode: the server URL and the admin token, from {@code --token-file},
 * {@code STATUS_ADMIN_TOKEN}, or (only for the server that generated it) the token a local server left
 * in its data directory.
 */
final class Connection {
    private Connection() {
    }

    static StatusStreamConfig directConfig(Map<String, String> env) {
        EnvironmentSettings settings = EnvironmentSettings.of(env);
        if (!settings.isSet("STATUS_DATABASE_URL")) {
            // the local server's database, and with it the settings it writes with; the environment still wins
            Path dataDirectory = LocalConnection.dataDirectory(settings);
            LocalConnection local = localConnection(dataDirectory).orElseThrow(() ->
                    new ValidationException("STATUS_DATABASE_URL", "is not set and no local server left a connection in "
                            + dataDirectory.toAbsolutePath() + " (start status-server there, set STATUS_DATA_DIR, "
                            + "or set STATUS_DATABASE_URL)"));
            settings = settings.orElse(local.settings());
        }
        return settings.library().withDatabasePoolSize(2);
    }

    private static Optional<LocalConnection> localConnection(Path dataDirectory) {
        try {
            return LocalConnection.read(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDirectory.resolve(LocalConnection.FILE), e);
        }
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
                .or(() -> localToken(env, server))
                .orElseThrow(() -> new ValidationException("STATUS_ADMIN_TOKEN", "is not set: remote mode needs the server's admin "
                        + "token, in STATUS_ADMIN_TOKEN or a file named with --token-file FILE" + localTokenHint(env)));
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

    /**
     * The token a local server generated, only for that server: the one whose address it wrote beside
     * the token. Another process on this machine (another user's, on another port) never gets it.
     */
    private static Optional<String> localToken(Map<String, String> env, URI server) {
        Path dataDirectory = LocalConnection.dataDirectory(EnvironmentSettings.of(env));
        Optional<LocalConnection> local = localConnection(dataDirectory);
        if (local.isEmpty() || local.get().serverUrl() == null || !sameServer(server, URI.create(local.get().serverUrl()))) {
            return Optional.empty();
        }
        try {
            return LocalAdminToken.read(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDirectory.resolve(LocalAdminToken.FILE), e);
        }
    }

    /** Why a generated token that exists was not used: it belongs to another server. */
    private static String localTokenHint(Map<String, String> env) {
        Path dataDirectory = LocalConnection.dataDirectory(EnvironmentSettings.of(env));
        return localConnection(dataDirectory).map(LocalConnection::serverUrl)
                .filter(url -> Files.isRegularFile(dataDirectory.resolve(LocalAdminToken.FILE)))
                .map(url -> " (" + dataDirectory.resolve(LocalAdminToken.FILE) + " is only for the server that generated it, "
                        + url + ")")
                .orElse("");
    }

    /** Same scheme, host and port; {@code localhost}, {@code 127.0.0.1} and {@code [::1]} are one host. */
    static boolean sameServer(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && port(a) == port(b)
                && (a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) || isLocal(a) && isLocal(b));
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Loopback only: a local server's generated token must never be sent anywhere else. */
    static boolean isLocal(URI server) {
        String host = server.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+\\]") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

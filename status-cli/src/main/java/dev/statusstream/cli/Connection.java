package dev.statusstream.cli;

import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.LocalConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How direct mode finds PostgreSQL and Redis: the same {@code STATUS_*} variables as the server, or
 * else the connection file a local server left in its data directory.
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
}

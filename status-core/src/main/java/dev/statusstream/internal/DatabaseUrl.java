package dev.statusstream.internal;

import dev.statusstream.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location given either as a JDBC URL ({@code jdbc:postgresql://host:5432/db?user=u}) or
 * as a libpq-style URL ({@code postgres://user:secret@host:5432/db?sslmode=require}).
 *
 * @param jdbcUrl  the JDBC URL without credentials taken from a postgres:// URL
 * @param user     user name from the URL's userinfo, or null
 * @param password password from the URL's userinfo, or null
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    /**
     * Parses a URL.
     *
     * @param setting the setting name used in error messages
     * @throws ValidationException naming {@code setting} when the URL is neither form
     */
    public static DatabaseUrl parse(String setting, String url) {
        if (url == null || url.isBlank()) {
            throw new ValidationException(setting, "is empty");
        }
        String trimmed = url.strip();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, null, null);
        }
        if (!trimmed.startsWith("postgres://") && !trimmed.startsWith("postgresql://")) {
            throw new ValidationException(setting, "must start with jdbc:postgresql:, postgres:// or postgresql:// (got '"
                    + redact(trimmed) + "')");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new ValidationException(setting, "is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new ValidationException(setting, "has no host (expected postgres://user:password@host:5432/database)");
        }
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append('/').append(database);
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new DatabaseUrl(jdbc.toString(), user, password);
    }

    /** The URL with any password replaced by {@code ***}, for logs and error messages. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(://[^:/@]+):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return redact(jdbcUrl) + (user == null ? "" : " as " + user);
    }
}

package com.example.shop;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Creates the shop's database when the PostgreSQL server does not have it yet, so the example runs on a
 * fresh server as written. Takes the URL as the library does: {@code postgres://user:secret@host:5432/db}
 * or {@code jdbc:postgresql://host:5432/db?user=u}.
 */
final class ShopDatabase {
    /** PostgreSQL's SQLSTATE for "database does not exist". */
    private static final String NO_SUCH_DATABASE = "3D000";

    private ShopDatabase() {
    }

    /** Whether {@code failure} (or one of its causes) is PostgreSQL saying the database does not exist. */
    static boolean isMissingDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && NO_SUCH_DATABASE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Creates the database {@code url} names, connecting to the server's {@code postgres} database.
     *
     * @return the database's name
     * @throws IllegalStateException with one line saying what to do when it cannot
     */
    static String create(String url) {
        boolean jdbc = url.startsWith("jdbc:");
        URI uri = URI.create(jdbc ? url.substring("jdbc:".length()) : url);
        String name = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        Properties credentials = new Properties();
        if (!jdbc && uri.getRawUserInfo() != null) {
            String[] userAndPassword = uri.getRawUserInfo().split(":", 2);
            credentials.setProperty("user", URLDecoder.decode(userAndPassword[0], StandardCharsets.UTF_8));
            if (userAndPassword.length == 2) {
                credentials.setProperty("password", URLDecoder.decode(userAndPassword[1], StandardCharsets.UTF_8));
            }
        }
        String server = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/postgres"
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try (Connection c = DriverManager.getConnection(server, credentials)) {
            try (PreparedStatement quoted = c.prepareStatement("select quote_ident(?)")) {
                quoted.setString(1, name);
                var rs = quoted.executeQuery();
                rs.next();
                try (Statement st = c.createStatement()) {
                    st.execute("create database " + rs.getString(1));
                }
            }
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("database '" + name + "' does not exist on " + uri.getHost()
                    + " and could not be created (" + e.getMessage().lines().findFirst().orElse("") + "); create it with: createdb -h "
                    + uri.getHost() + (uri.getPort() > 0 ? " -p " + uri.getPort() : "") + " " + name, e);
        }
    }
}

package dev.statusstream.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A status change committed straight in SQL the way a writer does it (version bump, row, change log),
 * but with no {@code NOTIFY} and no Redis publish: what the nodes see when a writer dies right after
 * its commit and the notification is lost as well. Only the periodic check or a resync can find it.
 */
public final class SilentCommit {
    private SilentCommit() {
    }

    /** Sets {@code serviceId}'s status; returns the version it committed. */
    public static long setStatus(String jdbcUrl, String serviceId, String status) {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false);
            long version;
            try (PreparedStatement st = c.prepareStatement("update statusstream_status_version set version = version + 1 returning version");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                version = rs.getLong(1);
            }
            try (PreparedStatement st = c.prepareStatement("""
                    update statusstream_services set status = ?, status_since = now(), updated_at = now() where id = ?""")) {
                st.setString(1, status);
                st.setString(2, serviceId);
                if (st.executeUpdate() != 1) {
                    throw new IllegalStateException("no service " + serviceId);
                }
            }
            try (PreparedStatement st = c.prepareStatement("""
                    insert into statusstream_status_history (service_id, status, started_at, version) values (?, ?, now(), ?)""")) {
                st.setString(1, serviceId);
                st.setString(2, status);
                st.setLong(3, version);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("""
                    insert into statusstream_change_log (version, committed_at, type, subject, data)
                    values (?, now(), 'service.status', ?, cast(? as json))""")) {
                st.setLong(1, version);
                st.setString(2, serviceId);
                st.setString(3, "{\"id\":\"" + serviceId + "\",\"status\":\"" + status + "\"}");
                st.executeUpdate();
            }
            c.commit();
            return version;
        } catch (SQLException e) {
            throw new IllegalStateException("silent commit failed: " + e.getMessage(), e);
        }
    }

    /** The version PostgreSQL is at. */
    public static long currentVersion(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             ResultSet rs = c.createStatement().executeQuery("select version from statusstream_status_version")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}

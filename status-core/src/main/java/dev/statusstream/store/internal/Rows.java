package dev.statusstream.store.internal;

import dev.statusstream.LocalizedText;
import dev.statusstream.internal.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Column readers shared by the repositories. */
final class Rows {
    private Rows() {
    }

    static LocalizedText text(ResultSet rs, String column) throws SQLException {
        String json = rs.getString(column);
        return json == null ? null : Json.read(json, LocalizedText.class, column);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static String json(LocalizedText text) {
        return Json.write(text == null ? LocalizedText.EMPTY : text);
    }

    static String jsonOrNull(LocalizedText text) {
        return text == null ? null : Json.write(text);
    }
}

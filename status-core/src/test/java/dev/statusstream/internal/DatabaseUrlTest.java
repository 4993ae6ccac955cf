package dev.statusstream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statusstream.ValidationException;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void jdbc_urls_pass_through() {
        var url = DatabaseUrl.parse("STATUS_DATABASE_URL", "jdbc:postgresql://db:5432/status?user=s");
        assertEquals("jdbc:postgresql://db:5432/status?user=s", url.jdbcUrl());
        assertNull(url.user());
    }

    @Test
    void postgres_urls_become_jdbc_urls_with_credentials_apart() {
        var url = DatabaseUrl.parse("STATUS_DATABASE_URL", "postgres://status:p%40ss@db.internal:6432/status?sslmode=require");
        assertEquals("jdbc:postgresql://db.internal:6432/status?sslmode=require", url.jdbcUrl());
        assertEquals("status", url.user());
        assertEquals("p@ss", url.password());
        assertFalse(url.toString().contains("p@ss"));
    }

    @Test
    void other_urls_are_rejected_naming_the_setting_without_the_password() {
        var e = assertThrows(ValidationException.class,
                () -> DatabaseUrl.parse("STATUS_DATABASE_URL", "mysql://u:secret@db/status"));
        assertEquals("STATUS_DATABASE_URL", e.field());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertEquals("STATUS_DATABASE_URL", assertThrows(ValidationException.class,
                () -> DatabaseUrl.parse("STATUS_DATABASE_URL", "postgres:///nohost")).field());
    }
}

package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.MutableClock;
import dev.statusstream.testing.TestServices;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operators, tokens, sessions and the audit log, against a real PostgreSQL. */
class AccountsAndAuditTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private String databaseUrl;
    private StatusStream status;

    @BeforeEach
    void start() {
        databaseUrl = TestServices.newMigratedDatabase();
        status = StatusStream.builder().config(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl)).clock(clock).build();
    }

    @AfterEach
    void stop() {
        status.close();
    }

    @Test
    void every_write_is_audited_with_who_what_before_after_and_where() {
        status.addService(NewService.of("api", LocalizedText.of("en", "API")));
        status.execute(new SetStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down")), Actor.operator("ana"), "203.0.113.9");

        List<AuditEntry> entries = status.accounts().audit(AuditQuery.newest()).entries();
        assertEquals(2, entries.size());
        AuditEntry set = entries.get(0);
        assertEquals("operator:ana", set.actor());
        assertEquals("setStatus", set.action());
        assertEquals("services/api", set.target());
        assertEquals("203.0.113.9", set.address());
        assertTrue(set.before().contains("\"operational\""), set.before());
        assertTrue(set.after().contains("\"outage\""), set.after());
        assertEquals(2, set.version());
        AuditEntry add = entries.get(1);
        assertEquals("library", add.actor());
        assertEquals("addService", add.action());
        assertEquals("services/api", add.target());
        assertNull(add.before());
        assertNull(add.address());
    }

    @Test
    void writes_behind_the_page_are_audited_without_their_secrets() {
        IssuedToken issued = status.execute(new CreateToken("deploy-bot", Role.RESPONDER), Actor.cli("laptop")).value();
        AuditEntry entry = status.accounts().audit(AuditQuery.newest()).entries().get(0);
        assertEquals("createToken", entry.action());
        assertEquals("cli@laptop", entry.actor());
        assertEquals("tokens/deploy-bot", entry.target());
        assertFalse(entry.after().contains(issued.secret()), entry.after());
        assertEquals(0, status.snapshot().version(), "a token is not a change readers see");
    }

    @Test
    void the_audit_log_refuses_updates_and_deletes() throws SQLException {
        status.addService(NewService.of("api", LocalizedText.of("en", "API")));
        try (var connection = DriverManager.getConnection(databaseUrl)) {
            var update = assertThrows(SQLException.class,
                    () -> connection.createStatement().execute("update statusstream_audit_log set actor = 'nobody'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class, () -> connection.createStatement().execute("delete from statusstream_audit_log"));
            assertThrows(SQLException.class, () -> connection.createStatement().execute("truncate statusstream_audit_log"));
        }
        assertEquals(1, status.accounts().audit(AuditQuery.newest()).entries().size());
    }

    @Test
    void the_audit_log_pages_with_a_cursor_and_filters_by_actor_and_target() {
        for (int i = 0; i < 5; i++) {
            status.execute(new AddService(NewService.of("s" + i, LocalizedText.of("en", "S" + i))), Actor.cli("h" + (i % 2)));
        }
        AuditPage first = status.accounts().audit(new AuditQuery(null, null, null, 2));
        assertEquals(List.of("services/s4", "services/s3"), first.entries().stream().map(AuditEntry::target).toList());
        AuditPage second = status.accounts().audit(new AuditQuery(null, null, first.next(), 2));
        assertEquals(List.of("services/s2", "services/s1"), second.entries().stream().map(AuditEntry::target).toList());
        AuditPage last = status.accounts().audit(new AuditQuery(null, null, second.next(), 2));
        assertEquals(1, last.entries().size());
        assertNull(last.next());
        assertEquals(3, status.accounts().audit(new AuditQuery("cli@h0", null, null, 50)).entries().size());
        assertEquals(1, status.accounts().audit(new AuditQuery(null, "services/s3", null, 50)).entries().size());
        assertThrows(ValidationException.class, () -> new AuditQuery(null, null, null, 201));
    }

    @Test
    void a_named_token_is_found_by_its_secret_records_its_last_use_and_stops_when_revoked() {
        IssuedToken issued = status.execute(new CreateToken("ci", Role.ADMIN)).value();
        assertTrue(issued.secret().length() > 40);
        assertNull(status.accounts().tokens(null, 10).get(0).lastUsedAt());
        clock.advance(Duration.ofMinutes(3));
        assertEquals("ci", status.accounts().useToken(issued.secret()).orElseThrow().name());
        assertEquals(clock.instant(), status.accounts().tokens(null, 10).get(0).lastUsedAt());
        assertTrue(status.accounts().useToken(issued.secret() + "x").isEmpty());
        status.execute(new RevokeToken("ci"));
        assertTrue(status.accounts().useToken(issued.secret()).isEmpty());
        assertThrows(ConflictException.class, () -> status.execute(new RevokeToken("ci")));
        assertThrows(ConflictException.class, () -> status.execute(new CreateToken("ci", Role.VIEWER)));
    }

    @Test
    void an_operator_sets_a_password_through_a_single_use_link_and_signs_in() {
        IssuedLink link = status.execute(new AddOperator("ana", Role.RESPONDER)).value();
        assertFalse(link.operator().hasPassword());
        assertEquals(SignIn.Outcome.REFUSED, status.accounts().signIn("ana", "", "192.0.2.1").outcome());
        assertThrows(ValidationException.class, () -> status.accounts().setPassword(link.secret(), "short", null));
        status.accounts().setPassword(link.secret(), "correct horse battery", "192.0.2.1");
        assertThrows(NotFoundException.class, () -> status.accounts().setPassword(link.secret(), "another password!", null));

        SignIn in = status.accounts().signIn("ana", "correct horse battery", "192.0.2.1");
        assertEquals(SignIn.Outcome.SIGNED_IN, in.outcome());
        Session session = status.accounts().session(in.secret()).orElseThrow();
        assertEquals(Role.RESPONDER, session.role());
        assertEquals("operator:ana", session.actor().toString());
        assertEquals("setPassword", status.accounts().audit(AuditQuery.newest()).entries().get(0).action());
    }

    @Test
    void a_link_expires_after_a_day_and_a_new_one_replaces_it() {
        IssuedLink first = status.execute(new AddOperator("bo", Role.VIEWER)).value();
        IssuedLink second = status.execute(new ReissueLink("bo")).value();
        assertTrue(status.accounts().linkOwner(first.secret()).isEmpty());
        clock.advance(Duration.ofHours(25));
        assertThrows(NotFoundException.class, () -> status.accounts().setPassword(second.secret(), "a long password", null));
    }

    @Test
    void sign_in_is_throttled_per_account_after_five_failures() {
        IssuedLink link = status.execute(new AddOperator("ana", Role.ADMIN)).value();
        status.accounts().setPassword(link.secret(), "correct horse battery", null);
        for (int i = 0; i < Accounts.ACCOUNT_FAILURES; i++) {
            assertEquals(SignIn.Outcome.REFUSED, status.accounts().signIn("ana", "wrong", "192.0.2." + i).outcome());
        }
        SignIn throttled = status.accounts().signIn("ana", "correct horse battery", "192.0.2.99");
        assertEquals(SignIn.Outcome.THROTTLED, throttled.outcome());
        assertTrue(throttled.retryAfter().compareTo(Duration.ofMinutes(14)) > 0, throttled.retryAfter().toString());
        clock.advance(Accounts.THROTTLE_WINDOW.plusSeconds(1));
        assertEquals(SignIn.Outcome.SIGNED_IN, status.accounts().signIn("ana", "correct horse battery", "192.0.2.99").outcome());
    }

    @Test
    void sign_in_is_throttled_per_address_across_accounts() {
        for (int i = 0; i < Accounts.ADDRESS_FAILURES; i++) {
            status.accounts().signIn("nobody" + i, "wrong", "198.51.100.7");
        }
        assertEquals(SignIn.Outcome.THROTTLED, status.accounts().signIn("someone", "wrong", "198.51.100.7").outcome());
        assertEquals(SignIn.Outcome.REFUSED, status.accounts().signIn("someone", "wrong", "198.51.100.8").outcome());
    }

    @Test
    void a_session_ends_after_thirty_idle_minutes_and_sign_out_everywhere_ends_them_all() {
        IssuedLink link = status.execute(new AddOperator("ana", Role.ADMIN)).value();
        status.accounts().setPassword(link.secret(), "correct horse battery", null);
        String phone = status.accounts().signIn("ana", "correct horse battery", "a").secret();
        String laptop = status.accounts().signIn("ana", "correct horse battery", "b").secret();
        clock.advance(Duration.ofMinutes(29));
        assertTrue(status.accounts().session(phone).isPresent(), "used within 30 minutes: still live, and touched");
        clock.advance(Duration.ofMinutes(29));
        assertTrue(status.accounts().session(phone).isPresent());
        assertTrue(status.accounts().session(laptop).isEmpty(), "58 minutes idle");
        String tablet = status.accounts().signIn("ana", "correct horse battery", "c").secret();
        assertEquals(2, status.accounts().signOutEverywhere("ana", null));
        assertTrue(status.accounts().session(phone).isEmpty());
        assertTrue(status.accounts().session(tablet).isEmpty());
    }

    @Test
    void removing_an_operator_ends_their_sessions_and_a_role_change_applies_at_once() {
        IssuedLink link = status.execute(new AddOperator("ana", Role.ADMIN)).value();
        status.accounts().setPassword(link.secret(), "correct horse battery", null);
        String cookie = status.accounts().signIn("ana", "correct horse battery", "a").secret();
        status.execute(new ChangeOperatorRole("ana", Role.VIEWER));
        assertEquals(Role.VIEWER, status.accounts().session(cookie).orElseThrow().role());
        AuditEntry change = status.accounts().audit(AuditQuery.newest()).entries().get(0);
        assertTrue(change.before().contains("\"ADMIN\"") || change.before().contains("\"admin\""), change.before());
        status.execute(new RemoveOperator("ana"));
        assertTrue(status.accounts().session(cookie).isEmpty());
        assertNotNull(status.accounts().audit(new AuditQuery(null, "operators/ana", null, 50)).entries());
    }

    @Test
    void operation_types_say_which_role_they_need() {
        assertEquals(Role.RESPONDER, SetStatus.TYPE.role());
        assertEquals(Role.RESPONDER, OpenIncident.TYPE.role());
        assertEquals(Role.RESPONDER, ResolveIncident.TYPE.role());
        assertEquals(Role.ADMIN, AddService.TYPE.role());
        assertEquals(Role.ADMIN, CreateToken.TYPE.role());
        assertTrue(Role.ADMIN.allows(Role.RESPONDER));
        assertFalse(Role.VIEWER.allows(Role.RESPONDER));
    }
}

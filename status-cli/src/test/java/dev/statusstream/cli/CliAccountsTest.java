package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.cli.CliNode.Run;
import dev.statusstream.server.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code status token}, {@code status operator} and {@code status audit}, directly and through a server. */
class CliAccountsTest {
    private static final String TOKEN = "cli-accounts-token-0123456789abc";
    private CliNode cli;
    private TestNode node;

    @BeforeEach
    void start() {
        cli = CliNode.start(TOKEN).set("STATUS_PUBLIC_URL", "https://status.example.com");
        node = cli.node();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private Run run(String mode, String... args) {
        return cli.run(mode, args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "remote"})
    void tokens_are_created_listed_and_revoked_and_the_audit_log_shows_each_step(String mode) {
        Run created = run(mode, "token", "create", "deploy-bot", "--role", "responder");
        assertEquals(0, created.code(), created.err());
        String secret = created.out().strip();
        assertTrue(secret.startsWith("sst_"), secret);
        Run list = run(mode, "token", "list");
        assertTrue(list.out().contains("deploy-bot") && list.out().contains("responder") && !list.out().contains(secret), list.out());
        assertEquals(0, run(mode, "token", "revoke", "deploy-bot").code());
        Run audit = run(mode, "audit", "--target", "tokens/deploy-bot");
        assertEquals(0, audit.code(), audit.err());
        assertTrue(audit.out().contains("revokeToken") && audit.out().contains("createToken"), audit.out());
        String who = mode.equals("direct") ? "cli@" : "token:sha256-";
        assertTrue(audit.out().contains(who), audit.out());
        Run json = run(mode, "--json", "audit", "--limit", "1");
        assertTrue(json.out().contains("\"next\":"), json.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "remote"})
    void an_operator_gets_a_one_time_link_and_can_be_changed_and_removed(String mode) {
        Run added = run(mode, "operator", "add", "ana", "--role", "responder");
        assertEquals(0, added.code(), added.err());
        String base = mode.equals("direct") ? "https://status.example.com" : "http://127.0.0.1:" + node.port();
        assertTrue(added.out().strip().startsWith(base + "/admin/welcome/"), added.out());
        String secret = added.out().strip().substring((base + "/admin/welcome/").length());
        assertEquals("ana", node.status().accounts().linkOwner(secret).orElseThrow());
        assertEquals(0, run(mode, "operator", "role", "ana", "admin").code());
        assertTrue(run(mode, "operator", "list").out().contains("admin"));
        Run again = run(mode, "operator", "link", "ana");
        assertTrue(node.status().accounts().linkOwner(secret).isEmpty(), "the first link stopped working");
        assertTrue(again.out().contains("/admin/welcome/"));
        assertEquals(2, run(mode, "operator", "remove", "ana").code(), "needs --yes");
        assertEquals(0, run(mode, "operator", "remove", "ana", "--yes").code());
        Run missing = run(mode, "operator", "role", "ana", "viewer");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no operator named 'ana'"), missing.err());
        Run bad = run(mode, "operator", "add", "Bad Name", "--role", "admin");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: name:"), bad.err());
        Run badRole = run(mode, "token", "create", "x", "--role", "owner");
        assertEquals(2, badRole.code());
        assertTrue(badRole.err().contains("not a role"), badRole.err());
    }
}

package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.Branding;
import dev.statusstream.Incident;
import dev.statusstream.cli.CliNode.Run;
import dev.statusstream.server.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Templates, postmortems and branding from the command line, in direct mode and through a server's admin API. */
class CliContentTest {
    private static final String TOKEN = "cli-content-test-token-0123456789";
    private CliNode cli;
    private TestNode node;
    @TempDir
    Path files;

    @BeforeEach
    void start() {
        cli = CliNode.start(TOKEN).set("STATUS_DATA_DIR", files.resolve("data").toString());
        node = cli.node();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private Run run(String mode, String... args) {
        return cli.run(mode, args).stripped();
    }

    private String ok(String mode, String... args) {
        return cli.ok(mode, args);
    }

    /** The version a write's line reports: "... (version 12)". */
    private static long version(String printed) {
        var m = java.util.regex.Pattern.compile("\\(version (\\d+)\\)").matcher(printed);
        assertTrue(m.find(), printed);
        return Long.parseLong(m.group(1));
    }

    private String page(String path) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(node.url(path))).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void an_operator_keeps_templates_and_opens_an_incident_from_one(String mode) {
        ok(mode, "service", "add", "db", "--label", "Database");
        assertEquals("added template db-failover \"Database failover\"", ok(mode, "template", "add", "db-failover",
                "--title", "Database failover", "--impact", "degraded", "--services", "db", "--body", "Failing over"));
        ok(mode, "template", "add", "cdn", "--title", "CDN trouble", "--impact", "outage");
        ok(mode, "template", "edit", "cdn", "--body", "Our CDN provider is investigating");
        String list = ok(mode, "template", "list");
        assertTrue(list.startsWith("TEMPLATE") && list.indexOf("cdn") < list.indexOf("db-failover"), list);
        assertTrue(ok(mode, "template", "show", "cdn").contains("Our CDN provider is investigating"));

        String slug = ok(mode, "incident", "open", "--template", "db-failover", "--impact", "outage");
        Incident opened = node.status().incident(slug).orElseThrow();
        assertEquals("Database failover", opened.title().get("en"));
        assertEquals("outage", opened.impact().wireName(), "the override wins");
        assertEquals("Failing over", opened.updates().getFirst().body().get("en"));

        ok(mode, "template", "remove", "cdn");
        Run gone = run(mode, "template", "show", "cdn");
        assertEquals(1, gone.code());
        assertTrue(gone.err().startsWith("error: ") && gone.err().lines().count() == 1, gone.err());
        Run missing = run(mode, "incident", "open", "--template", "cdn");
        assertEquals(1, missing.code(), missing.err());
        assertTrue(missing.err().contains("no template named 'cdn'"), missing.err());
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void a_postmortem_is_published_from_a_file_after_the_incident_is_resolved(String mode) throws Exception {
        String slug = ok(mode, "incident", "open", "--title", "API down", "--impact", "outage");
        Path text = Files.writeString(files.resolve("postmortem.txt"), "A bad deploy.\n\nWe now canary every release.\n");
        Run early = run(mode, "incident", "postmortem", slug, "--file", text.toString());
        assertEquals(1, early.code());
        assertTrue(early.err().contains("still investigating"), early.err());

        ok(mode, "incident", "resolve", slug);
        String published = ok(mode, "incident", "postmortem", slug, "--file", text.toString());
        assertTrue(published.startsWith("published the postmortem of " + slug), published);
        node.awaitVersion(version(published));
        assertTrue(page("/incidents/" + slug).contains("<p>We now canary every release.</p>"));
        node.awaitVersion(version(ok(mode, "incident", "postmortem", slug, "--remove")));
        assertEquals(null, node.status().incident(slug).orElseThrow().postmortem());
        assertEquals(2, run(mode, "incident", "postmortem", slug).code(), "one of --body, --file, --remove");
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void branding_is_set_from_the_command_line_and_shown(String mode) throws Exception {
        Path logo = Files.writeString(files.resolve("acme.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 4 4'><script>alert(1)</script><rect width='4' height='4'/></svg>");
        String set = ok(mode, "branding", "set", "--name", "Acme Status", "--accent", "#0a7", "--logo", logo.toString(),
                "--home-url", "https://acme.example");
        assertTrue(set.startsWith("branding set (version "), set);
        node.awaitVersion(version(set));
        assertTrue(ok(mode, "branding", "show").contains("#00aa77 with text #000000"));
        Branding branding = node.status().snapshot().branding();
        assertEquals("Acme Status", branding.name());
        assertTrue(page("/").contains(">Acme Status</a>"));
        assertFalse(page("/branding/logo/" + branding.logo().sha256()).contains("script"));

        Run bad = run(mode, "branding", "set", "--accent", "red");
        assertEquals(2, bad.code());
        assertEquals("error: accentColor: 'red' is not a colour: write #rgb or #rrggbb, e.g. #0a7 or #00aa77", bad.err());
        Path notAnImage = Files.writeString(files.resolve("logo.png"), "hello");
        Run badLogo = run(mode, "branding", "set", "--logo", notAnImage.toString());
        assertEquals(2, badLogo.code());
        assertTrue(badLogo.err().startsWith("error: --logo: ") && badLogo.err().lines().count() == 1, badLogo.err());
        node.awaitVersion(version(ok(mode, "branding", "set", "--name", "", "--no-logo")));
        assertEquals(null, node.status().snapshot().branding().logo());
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void an_incident_needs_a_title_and_impact_or_a_template(String mode) {
        Run run = run(mode, "incident", "open", "--impact", "outage");
        assertEquals(2, run.code());
        assertEquals("error: --title: is required (or open from a --template)", run.err());
    }
}

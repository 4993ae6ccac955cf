package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.AddService;
import dev.statusstream.EditIncident;
import dev.statusstream.EditService;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentState;
import dev.statusstream.OpenIncident;
import dev.statusstream.RemoveService;
import dev.statusstream.ReorderServices;
import dev.statusstream.ResolveIncident;
import dev.statusstream.SetStatus;
import dev.statusstream.Status;
import dev.statusstream.UpdateIncident;
import dev.statusstream.ValidationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument parsing into requests, without any network. */
class CliParsingTest {

    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final ParseContext CONTEXT = new ParseContext("en", Clock.fixed(NOW, ZoneOffset.UTC));

    /** The operation a write command builds, or the request of any other command. */
    private static Object parse(String... args) {
        var root = new StatusCommand();
        CommandLine.ParseResult result = Cli.commandLine(root).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        Leaf leaf = (Leaf) result.commandSpec().userObject();
        Request request = leaf.request(CONTEXT);
        return request instanceof Request.Write<?> write ? write.operation() : request;
    }

    /** A CLI whose every operation fails the test: for what must be refused before anything is opened. */
    private static Cli offline(StringWriter out, StringWriter err) {
        return new Cli(Map.of(), new PrintWriter(out), new PrintWriter(err), target -> {
            throw new AssertionError("no operation for a usage error");
        }, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void service_set_parses_status_and_localized_summary() {
        var request = assertInstanceOf(SetStatus.class,
                parse("service", "set", "api", "degraded", "--summary", "Slow", "--summary", "ja=遅い"));
        assertEquals("api", request.serviceId());
        assertEquals(Status.DEGRADED, request.status());
        assertEquals("Slow", request.summary().get("en"));
        assertEquals("遅い", request.summary().get("ja"));
    }

    @Test
    void a_summary_is_optional() {
        assertNull(assertInstanceOf(SetStatus.class, parse("service", "set", "api", "outage")).summary());
    }

    @Test
    void service_add_takes_label_category_and_description() {
        var request = assertInstanceOf(AddService.class, parse("service", "add", "api", "--label", "Public API",
                "--label", "ja=公開API", "--category", "Platform", "--description", "REST and GraphQL"));
        assertEquals("api", request.service().id());
        assertEquals("公開API", request.service().label().get("ja"));
        assertEquals("Platform", request.service().category());
        assertEquals("REST and GraphQL", request.service().description().get("en"));
    }

    @Test
    void incident_open_splits_services_and_keeps_the_body() {
        var request = assertInstanceOf(OpenIncident.class, parse("incident", "open", "--title", "API latency",
                "--impact", "degraded", "--services", "api,web", "--body", "Investigating"));
        assertEquals(List.of("api", "web"), request.incident().serviceIds());
        assertEquals(Status.DEGRADED, request.incident().impact());
        assertEquals("Investigating", request.incident().body().get("en"));
    }

    @Test
    void incident_update_and_resolve_parse_states() {
        var update = assertInstanceOf(UpdateIncident.class,
                parse("incident", "update", "2026-11-27-api", "--state", "identified", "--body", "Found it"));
        assertEquals(IncidentState.IDENTIFIED, update.state());
        var resolve = assertInstanceOf(ResolveIncident.class, parse("incident", "resolve", "2026-11-27-api"));
        assertNull(resolve.body());
    }

    @Test
    void bad_values_name_what_is_wrong() {
        assertEquals("status", assertThrows(ValidationException.class, () -> parse("service", "set", "api", "sideways")).field());
        assertEquals("id", assertThrows(ValidationException.class, () -> parse("service", "set", "API!", "outage")).field());
        assertEquals("state", assertThrows(ValidationException.class,
                () -> parse("incident", "update", "x", "--state", "fixed", "--body", "b")).field());
        assertEquals("services[1]", assertThrows(ValidationException.class,
                () -> parse("incident", "open", "--title", "t", "--impact", "outage", "--services", "api,Bad Id")).field());
        assertEquals("--summary", assertThrows(ValidationException.class,
                () -> parse("service", "set", "api", "outage", "--summary", "ja=遅い", "--summary", "ja=とても遅い")).field());
    }

    @Test
    void text_that_only_looks_like_a_language_prefix_stays_literal() {
        var request = assertInstanceOf(SetStatus.class,
                parse("service", "set", "api", "degraded", "--summary", "api=slow for eu=west"));
        assertEquals("api=slow for eu=west", request.summary().get("en"));
    }

    @Test
    void usage_errors_exit_2_and_say_how_to_get_help() {
        var err = new StringWriter();
        var cli = offline(new StringWriter(), err);
        assertEquals(2, cli.run("service", "set", "api"));
        assertTrue(err.toString().startsWith("error: "), err.toString());
        assertTrue(err.toString().contains("--help"));
        assertEquals(2, cli.run("service", "set", "api", "sideways"));
        assertEquals(2, cli.run("frobnicate"));
        assertEquals(2, cli.run("service", "remove", "api"), "removing needs --yes");
        assertEquals(2, cli.run("maintenance", "reschedule", "2026-11-28-db"), "reschedule needs a time");
        assertEquals(2, cli.run("watch", "--count", "-1"));
    }

    @Test
    void a_token_is_never_taken_from_a_flag_and_never_echoed() {
        var err = new StringWriter();
        assertEquals(2, offline(new StringWriter(), err).run("--server", "https://status.example.com", "--token",
                "s3cret-token-value-123456", "list"));
        assertTrue(err.toString().contains("not accepted as a flag"), err.toString());
        assertFalse(err.toString().contains("s3cret"), err.toString());
    }

    @Test
    void a_server_that_is_not_an_http_url_is_refused_before_any_connection() {
        for (String server : List.of("status.example.com", "ftp://status.example.com", "https://user:pw@status.example.com",
                "http://", "https://status.example.com/?token=x")) {
            var err = new StringWriter();
            int code = Cli.create(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err)).run("--server", server, "list");
            assertEquals(2, code, server + ": " + err);
            assertTrue(err.toString().startsWith("error: --server: "), err.toString());
        }
    }

    @Test
    void every_command_has_help_with_an_example() {
        List<List<String>> commands = new ArrayList<>();
        collect(Cli.commandLine(new StatusCommand()), new ArrayList<>(), commands);
        assertTrue(commands.size() >= 21, "the tree has the root, 3 groups and their 13 subcommands, and 4 more: " + commands);
        assertTrue(commands.contains(List.of("service")) && commands.contains(List.of("maintenance", "reschedule")), commands.toString());
        for (List<String> command : commands) {
            var out = new StringWriter();
            String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);
            assertEquals(0, offline(out, new StringWriter()).run(args), String.join(" ", command));
            assertTrue(out.toString().contains("Example"), "status " + String.join(" ", command) + " --help:\n" + out);
        }
    }

    @Test
    void help_lists_each_command_in_a_whole_sentence_and_its_examples_use_the_quick_starts_service() {
        List<List<String>> commands = new ArrayList<>();
        collect(Cli.commandLine(new StatusCommand()), new ArrayList<>(), commands);
        for (List<String> command : commands) {
            var out = new StringWriter();
            offline(out, new StringWriter()).run(Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new));
            String help = out.toString();
            // the "Commands:" list shows the first line of each description: it must not stop mid-sentence
            help.lines().dropWhile(line -> !line.equals("Commands:")).skip(1).takeWhile(line -> line.startsWith("  "))
                    .forEach(line -> assertTrue(line.endsWith("."), "status " + String.join(" ", command) + " --help: " + line));
            // the README's quick start creates one service, api: examples that name another fail as written
            help.lines().filter(line -> line.contains("--services ")).forEach(line ->
                    assertTrue(line.matches(".*--services api( .*)?"), "status " + String.join(" ", command) + " --help: " + line));
        }
    }

    /** Every command reachable from {@code commandLine}, as the words that name it under the root. */
    private static void collect(CommandLine commandLine, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        for (var entry : commandLine.getSubcommands().entrySet()) {
            if (entry.getValue().getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            var child = new ArrayList<>(path);
            child.add(entry.getKey());
            collect(entry.getValue(), child, into);
        }
    }

    @Test
    void a_token_file_without_a_server_is_refused_instead_of_ignored() {
        var err = new StringWriter();
        assertEquals(2, offline(new StringWriter(), err).run("--token-file", "/nonexistent/token", "list"));
        assertEquals("error: --token-file: only with --server URL (direct mode writes to the database and needs no token)",
                err.toString().strip());
        var after = new StringWriter();
        assertEquals(2, offline(new StringWriter(), after).run("service", "set", "api", "outage", "--token-file", "t"),
                "after the subcommand too");
        assertTrue(after.toString().startsWith("error: --token-file: only with --server"), after.toString());
    }

    @Test
    void maintenance_schedule_takes_relative_and_zoned_times_and_refuses_zoneless_ones() {
        var relative = assertInstanceOf(OpenIncident.class, parse("maintenance", "schedule", "--title", "DB upgrade",
                "--title", "ja=DB更新", "--services", "db", "--starts", "+10m", "--ends", "+2h")).incident();
        assertEquals(IncidentKind.MAINTENANCE, relative.kind());
        assertEquals(Status.MAINTENANCE, relative.impact());
        assertEquals(NOW.plusSeconds(600), relative.scheduledFor());
        assertEquals(NOW.plusSeconds(7200), relative.scheduledUntil());
        assertEquals("DB更新", relative.title().get("ja"));
        var zoned = assertInstanceOf(OpenIncident.class, parse("maintenance", "schedule", "--title", "t",
                "--starts", "2026-11-28T11:00+09:00", "--ends", "2026-11-28T04:30:00Z")).incident();
        assertEquals(Instant.parse("2026-11-28T02:00:00Z"), zoned.scheduledFor());
        assertEquals(Instant.parse("2026-11-28T04:30:00Z"), zoned.scheduledUntil());
        var zoneless = assertThrows(ValidationException.class, () -> parse("maintenance", "schedule", "--title", "t",
                "--starts", "2026-11-28T02:00", "--ends", "+2h"));
        assertEquals("--starts", zoneless.field());
        assertEquals("scheduledUntil", assertThrows(ValidationException.class, () -> parse("maintenance", "schedule", "--title", "t",
                "--starts", "+2h", "--ends", "+1h")).field(), "a window that ends before it starts");
    }

    @Test
    void delays_are_written_in_the_settings_duration_grammar_after_a_plus() {
        var window = assertInstanceOf(OpenIncident.class, parse("maintenance", "schedule", "--title", "t",
                "--starts", "+90s", "--ends", "+1d")).incident();
        assertEquals(NOW.plusSeconds(90), window.scheduledFor());
        assertEquals(NOW.plusSeconds(86_400), window.scheduledUntil());
        for (String bad : new String[] {"+1M", "+10", "+1w", "10m", "+-5m"}) {
            var e = assertThrows(ValidationException.class, () -> parse("maintenance", "schedule", "--title", "t",
                    "--starts", bad, "--ends", "+2d"), bad);
            assertEquals("--starts", e.field());
            assertTrue(e.getMessage().contains("is not a time: write now, +10m"), e.getMessage());
        }
    }

    @Test
    void maintenance_reschedule_update_and_complete_parse_into_the_incident_requests() {
        var moved = assertInstanceOf(EditIncident.class, parse("maintenance", "reschedule", "2026-11-28-db", "--ends", "+3h"));
        assertNull(moved.patch().scheduledFor());
        assertEquals(NOW.plusSeconds(3 * 3600), moved.patch().scheduledUntil());
        assertEquals(IncidentState.VERIFYING, assertInstanceOf(UpdateIncident.class,
                parse("maintenance", "update", "2026-11-28-db", "--state", "verifying", "--body", "Checking")).state());
        assertInstanceOf(ResolveIncident.class, parse("maintenance", "complete", "2026-11-28-db"));
    }

    @Test
    void service_edit_order_and_remove_parse() {
        var edit = assertInstanceOf(EditService.class, parse("service", "edit", "api", "--label", "API", "--description", ""));
        assertEquals("API", edit.patch().label().get("en"));
        assertTrue(edit.patch().description().isEmpty(), "an empty description removes it");
        assertNull(edit.patch().category());
        assertEquals(List.of("web", "api"), assertInstanceOf(ReorderServices.class, parse("service", "order", "web", "api")).ids());
        assertEquals("api", assertInstanceOf(RemoveService.class, parse("service", "remove", "api", "--yes")).id());
        assertEquals("id", assertThrows(ValidationException.class, () -> parse("service", "order", "web", "Not An Id")).field());
    }

    @Test
    void incident_edit_show_and_watch_parse() {
        var edit = assertInstanceOf(EditIncident.class, parse("incident", "edit", "2026-11-27-api", "--title", "New",
                "--services", "api,web", "--link", ""));
        assertEquals(List.of("api", "web"), edit.patch().serviceIds());
        assertEquals("", edit.patch().externalLink(), "an empty link removes it");
        assertEquals("api", assertInstanceOf(Request.Show.class, parse("show", "api")).name());
        assertEquals(3, assertInstanceOf(Request.Watch.class, parse("watch", "--count", "3")).count());
    }

    @Test
    void only_a_loopback_server_may_get_the_token_a_local_server_generated() {
        for (String local : List.of("http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080")) {
            assertTrue(Connection.isLocal(Connection.serverUri(local)), local);
        }
        for (String remote : List.of("https://status.example.com", "http://10.0.0.5:8080", "http://localhost.evil.com")) {
            assertFalse(Connection.isLocal(Connection.serverUri(remote)), remote);
        }
    }
}

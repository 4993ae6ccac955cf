package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.IncidentState;
import dev.statusstream.Status;
import dev.statusstream.ValidationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument parsing into requests, without any network. */
class CliParsingTest {

    private static Request parse(String... args) {
        var root = new StatusCommand();
        CommandLine.ParseResult result = Cli.commandLine(root).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        Leaf leaf = (Leaf) result.commandSpec().userObject();
        return leaf.request("en");
    }

    @Test
    void service_set_parses_status_and_localized_summary() {
        var request = assertInstanceOf(Request.SetStatus.class,
                parse("service", "set", "api", "degraded", "--summary", "Slow", "--summary", "ja=遅い"));
        assertEquals("api", request.serviceId());
        assertEquals(Status.DEGRADED, request.status());
        assertEquals("Slow", request.summary().get("en"));
        assertEquals("遅い", request.summary().get("ja"));
    }

    @Test
    void a_summary_is_optional() {
        assertNull(assertInstanceOf(Request.SetStatus.class, parse("service", "set", "api", "outage")).summary());
    }

    @Test
    void service_add_takes_label_category_and_description() {
        var request = assertInstanceOf(Request.AddService.class, parse("service", "add", "api", "--label", "Public API",
                "--label", "ja=公開API", "--category", "Platform", "--description", "REST and GraphQL"));
        assertEquals("api", request.service().id());
        assertEquals("公開API", request.service().label().get("ja"));
        assertEquals("Platform", request.service().category());
        assertEquals("REST and GraphQL", request.service().description().get("en"));
    }

    @Test
    void incident_open_splits_services_and_keeps_the_body() {
        var request = assertInstanceOf(Request.OpenIncident.class, parse("incident", "open", "--title", "API latency",
                "--impact", "degraded", "--services", "api,web", "--body", "Investigating"));
        assertEquals(List.of("api", "web"), request.incident().serviceIds());
        assertEquals(Status.DEGRADED, request.incident().impact());
        assertEquals("Investigating", request.incident().body().get("en"));
    }

    @Test
    void incident_update_and_resolve_parse_states() {
        var update = assertInstanceOf(Request.UpdateIncident.class,
                parse("incident", "update", "2026-11-27-api", "--state", "identified", "--body", "Found it"));
        assertEquals(IncidentState.IDENTIFIED, update.state());
        var resolve = assertInstanceOf(Request.ResolveIncident.class, parse("incident", "resolve", "2026-11-27-api"));
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
        var request = assertInstanceOf(Request.SetStatus.class,
                parse("service", "set", "api", "degraded", "--summary", "api=slow for eu=west"));
        assertEquals("api=slow for eu=west", request.summary().get("en"));
    }

    @Test
    void usage_errors_exit_2_and_say_how_to_get_help() {
        var err = new StringWriter();
        var cli = new Cli(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err), () -> {
            throw new AssertionError("no operation for a usage error");
        });
        assertEquals(2, cli.run("service", "set", "api"));
        assertTrue(err.toString().startsWith("error: "), err.toString());
        assertTrue(err.toString().contains("--help"));
        assertEquals(2, cli.run("service", "set", "api", "sideways"));
        assertEquals(2, cli.run("frobnicate"));
    }

    @Test
    void every_command_has_help_with_an_example() {
        for (String[] command : List.of(new String[] {"service", "add"}, new String[] {"service", "set"},
                new String[] {"incident", "open"}, new String[] {"incident", "update"}, new String[] {"incident", "resolve"},
                new String[] {"list"}, new String[] {"publish"})) {
            var out = new StringWriter();
            var cli = new Cli(Map.of(), new PrintWriter(out), new PrintWriter(new StringWriter()), () -> null);
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            assertEquals(0, cli.run(args), String.join(" ", command));
            assertTrue(out.toString().contains("Example"), String.join(" ", command) + ":\n" + out);
        }
    }
}

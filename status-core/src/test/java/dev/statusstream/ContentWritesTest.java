package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Templates, postmortems and branding through the write model, against a real PostgreSQL. */
class ContentWritesTest {
    private StatusStream status;

    @BeforeEach
    void start() {
        status = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(TestServices.newMigratedDatabase()));
        status.addService(NewService.of("db", en("Database")));
        status.addService(NewService.of("api", en("API")));
    }

    @AfterEach
    void stop() {
        status.close();
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    private static IncidentTemplate failover() {
        return new IncidentTemplate("db-failover", en("Database failover"), en("The primary failed; we are failing over"),
                Status.DEGRADED, List.of("db"));
    }

    @Test
    void templates_are_kept_behind_the_page_without_a_new_version() {
        long before = status.snapshot().version();
        status.execute(new AddTemplate(failover()));
        status.execute(new EditTemplate("db-failover", null, LocalizedText.EMPTY, Status.OUTAGE, List.of("db", "api")));
        assertEquals(before, status.snapshot().version());
        IncidentTemplate edited = status.template("db-failover").orElseThrow();
        assertEquals(Status.OUTAGE, edited.impact());
        assertTrue(edited.body().isEmpty());
        assertEquals(List.of("db", "api"), edited.serviceIds());
        assertEquals(List.of("db-failover"), status.templates(null, 10).stream().map(IncidentTemplate::name).toList());
        assertEquals(List.of(), status.templates("db-failover", 10));

        status.execute(new RemoveTemplate("db-failover"));
        assertTrue(status.template("db-failover").isEmpty());
        assertEquals(before, status.snapshot().version());
    }

    @Test
    void a_template_name_is_taken_once_and_its_services_must_exist() {
        status.execute(new AddTemplate(failover()));
        assertThrows(ConflictException.class, () -> status.execute(new AddTemplate(failover())));
        var e = assertThrows(ValidationException.class, () -> status.execute(new AddTemplate(
                new IncidentTemplate("other", en("X"), null, Status.OUTAGE, List.of("nope")))));
        assertEquals("services[0]", e.field());
        assertThrows(NotFoundException.class, () -> status.execute(new RemoveTemplate("missing")));
    }

    @Test
    void opening_from_a_template_copies_it_and_takes_overrides() {
        status.execute(new AddTemplate(failover()));
        Incident plain = status.execute(OpenIncident.fromTemplate(FromTemplate.of("db-failover"))).value();
        assertEquals("Database failover", plain.title().get("en"));
        assertEquals(Status.DEGRADED, plain.impact());
        assertEquals(List.of("db"), plain.affectedServiceIds());
        assertEquals("The primary failed; we are failing over", plain.updates().getFirst().body().get("en"));

        Incident overridden = status.execute(OpenIncident.fromTemplate(new FromTemplate("db-failover", en("Replica lag"),
                Status.OUTAGE, List.of("api"), null, "replica-lag", null, null))).value();
        assertEquals("replica-lag", overridden.slug());
        assertEquals("Replica lag", overridden.title().get("en"));
        assertEquals(Status.OUTAGE, overridden.impact());
        assertEquals(List.of("api"), overridden.affectedServiceIds());

        assertThrows(NotFoundException.class, () -> status.execute(OpenIncident.fromTemplate(FromTemplate.of("nothing"))));
    }

    @Test
    void a_postmortem_needs_a_resolved_incident_and_changes_the_page() {
        String slug = status.openIncident(NewIncident.incident(en("Outage"), Status.OUTAGE, List.of("api"), en("Looking"))).value().slug();
        assertThrows(ConflictException.class, () -> status.execute(new SetPostmortem(slug, en("Too early"))));
        status.resolveIncident(slug, en("Fixed"));
        long before = status.snapshot().version();

        Change<Incident> set = status.execute(new SetPostmortem(slug, en("A bad deploy.\n\nWe now canary.")));
        assertEquals(before + 1, set.version());
        Postmortem written = status.incident(slug).orElseThrow().postmortem();
        assertEquals("A bad deploy.\n\nWe now canary.", written.body().get("en"));
        assertEquals(written.body(), status.snapshot().incident(slug).orElseThrow().postmortem().body());
        assertEquals("incident.postmortem", status.changesSince(before, 10).getFirst().type());

        Postmortem again = status.execute(new SetPostmortem(slug, en("Edited"))).value().postmortem();
        assertEquals(written.publishedAt(), again.publishedAt());

        status.execute(new RemovePostmortem(slug));
        assertNull(status.incident(slug).orElseThrow().postmortem());
        assertThrows(NotFoundException.class, () -> status.execute(new RemovePostmortem(slug)));
    }

    @Test
    void branding_is_part_of_the_snapshot_and_each_change_is_a_version() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><rect width='10' height='10'/></svg>";
        LogoImage logo = new LogoImage(LogoImage.SVG, svg.getBytes(StandardCharsets.UTF_8));
        long before = status.snapshot().version();
        Change<Branding> change = status.execute(new SetBranding("Acme Status", "#0A7", logo, false,
                "https://acme.example", "mailto:help@acme.example"));
        assertEquals(before + 1, change.version());
        Branding branding = status.snapshot().branding();
        assertEquals("Acme Status", branding.name());
        assertEquals("#00aa77", branding.accentColor());
        assertEquals(logo.sha256(), branding.logo().sha256());
        assertArrayEquals(logo.bytes(), status.logo(logo.sha256()).orElseThrow().bytes());
        assertEquals(branding, Snapshot.fromJson(status.snapshot().toJson()).branding());

        status.execute(new SetBranding("", null, null, true, null, null));
        Branding after = status.snapshot().branding();
        assertNull(after.name());
        assertNull(after.logo());
        assertEquals("#00aa77", after.accentColor());
        assertTrue(status.logo(logo.sha256()).isEmpty(), "a logo no longer shown is deleted");
    }

    @Test
    void the_accent_text_colour_always_has_enough_contrast() {
        for (int rgb = 0; rgb < 0x1000000; rgb += 0x010203) {
            String color = String.format("#%06x", rgb);
            Branding b = new Branding(null, color, null, null, null);
            assertTrue(Branding.contrast(color, b.accentTextColor()) >= 4.5, color + " on " + b.accentTextColor());
        }
        assertEquals("#ffffff", new Branding(null, "#123456", null, null, null).accentTextColor());
        assertEquals("#000000", new Branding(null, "#ffee00", null, null, null).accentTextColor());
    }

    @Test
    void bad_colours_and_links_are_refused_naming_the_field() {
        assertEquals("accentColor", assertThrows(ValidationException.class,
                () -> new SetBranding(null, "red", null, false, null, null)).field());
        assertEquals("accentColor", assertThrows(ValidationException.class,
                () -> new SetBranding(null, "#12345g", null, false, null, null)).field());
        assertEquals("homeUrl", assertThrows(ValidationException.class,
                () -> new SetBranding(null, null, null, false, "javascript:alert(1)", null)).field());
        assertEquals("body", assertThrows(ValidationException.class,
                () -> new SetBranding(null, null, null, false, null, null)).field());
    }

    @Test
    void a_hostile_svg_keeps_its_drawing_and_loses_everything_active() {
        String hostile = """
                <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
                  <script>alert(2)</script>
                  <style>@import url(https://evil.example/x.css);</style>
                  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
                  <a href="javascript:alert(3)"><rect width="5" height="5"/></a>
                  <image xlink:href="https://evil.example/track.png"/>
                  <use xlink:href="#shape"/>
                  <circle id="shape" r="4" fill="url(#g)" onclick="alert(4)" style="fill:url(https://evil.example/)"/>
                </svg>""";
        String clean = new String(new LogoImage(LogoImage.SVG, hostile.getBytes(StandardCharsets.UTF_8)).bytes(),
                StandardCharsets.UTF_8);
        for (String gone : List.of("script", "alert", "@import", "foreignObject", "javascript", "evil.example", "onload",
                "onclick", "<a ", "<image")) {
            assertFalse(clean.contains(gone), gone + " survived: " + clean);
        }
        assertTrue(clean.contains("<circle") && clean.contains("href=\"#shape\"") && clean.contains("url(#g)"), clean);
    }

    @Test
    void an_svg_with_a_dtd_or_a_png_without_its_signature_is_refused() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<svg xmlns='http://www.w3.org/2000/svg'><text>&x;</text></svg>";
        assertEquals("logo", assertThrows(ValidationException.class,
                () -> new LogoImage(LogoImage.SVG, xxe.getBytes(StandardCharsets.UTF_8))).field());
        assertEquals("logo", assertThrows(ValidationException.class,
                () -> new LogoImage(LogoImage.PNG, "not a png at all, really not".getBytes(StandardCharsets.UTF_8))).field());
        assertEquals("logo", assertThrows(ValidationException.class,
                () -> new LogoImage(LogoImage.PNG, new byte[LogoImage.MAX_BYTES + 1])).field());
        String exported = "<?xml version='1.0'?><!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
                + "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd'><svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>";
        assertTrue(new String(new LogoImage(LogoImage.SVG, exported.getBytes(StandardCharsets.UTF_8)).bytes(),
                StandardCharsets.UTF_8).contains("<rect/>"), "a plain DOCTYPE, as drawing programs write, is dropped");
        assertNotNull(LogoImage.fromDataUrl(new LogoImage(LogoImage.SVG,
                "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8)).toDataUrl()));
    }
}

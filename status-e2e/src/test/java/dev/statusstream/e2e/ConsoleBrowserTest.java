package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.statusstream.AddOperator;
import dev.statusstream.AuditEntry;
import dev.statusstream.AuditQuery;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Role;
import dev.statusstream.SubscribeByEmail;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in Chromium, for each role: a responder on a phone runs an incident while a reader's page
 * follows it live; a viewer sees no forms and a forged one is refused; an admin makes a token and an operator.
 * axe-core checks every console page, and screenshots at desktop and phone widths go to target/screenshots.
 */
class ConsoleBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Site site;
    private static Browser browser;
    /** Serious and critical axe-core findings, by page. */
    private static final Map<String, List<String>> axeFindings = new LinkedHashMap<>();
    /** Every axe-core finding, by page, for the record printed at the end. */
    private static final Map<String, List<String>> axeAll = new java.util.TreeMap<>();

    @BeforeAll
    static void start() {
        // the logo-from-URL form fetches from a server on this machine
        site = Site.start(Map.of("STATUS_ALLOW_PRIVATE_TARGETS", "true"));
        site.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
        site.status().addService(NewService.of("web", LocalizedText.of("en", "Website")));
        for (var entry : Map.of("resp", Role.RESPONDER, "view", Role.VIEWER, "root", Role.ADMIN).entrySet()) {
            String secret = site.status().execute(new AddOperator(entry.getKey(), entry.getValue())).value().secret();
            site.status().accounts().setPassword(secret, PASSWORD, null);
        }
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        axeAll.forEach((page, found) -> System.out.println("axe-core " + page + " -> " + (found.isEmpty() ? "no violations" : found)));
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            site.close();
        }
    }

    private static void signIn(Browser b, String name) {
        b.forget();
        b.open(site.url("/admin"));
        b.await(WAIT, "the sign-in page", d -> d.getCurrentUrl().endsWith("/admin/signin"));
        b.find("#name").sendKeys(name);
        b.find("#password").sendKeys(PASSWORD);
        b.find("form button[type=submit]").click();
        try {
            b.await(WAIT, "the overview", d -> d.getCurrentUrl().endsWith("/admin"));
        } catch (RuntimeException e) {
            System.out.println("DEBUG " + b.driver().getCurrentUrl() + "\n" + b.driver().getPageSource());
            throw e;
        }
    }

    /** Runs axe-core on the open page and keeps its serious and critical findings. */
    private static void axe(Browser b, String page) {
        Results results = new AxeBuilder().analyze(b.driver());
        List<String> bad = new ArrayList<>();
        axeAll.put(page, results.getViolations().stream().map(r -> r.getImpact() + ": " + r.getId()).toList());
        for (Rule rule : results.getViolations()) {
            if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                bad.add(rule.getId() + " (" + rule.getImpact() + ", " + rule.getNodes().size() + " nodes)");
            }
        }
        axeFindings.put(page, bad);
        assertEquals(List.of(), bad, "axe-core on " + page);
    }

    private static void shoot(Browser b, String name) {
        b.emulate(1280, false, false);
        b.screenshot("console-" + name + "-desktop");
        b.emulate(390, true, false);
        b.screenshot("console-" + name + "-phone");
        assertTrue((Boolean) b.js("return document.documentElement.scrollWidth <= 390;"), name + " fits 390 px without sideways scrolling");
        b.resetEmulation();
    }

    @Test
    void a_responder_on_a_phone_runs_an_incident_end_to_end_while_a_readers_page_follows_live() {
        try (Browser reader = Browser.start()) {
            reader.open(site.url("/"));
            reader.awaitConnection("live", WAIT);

            signIn(browser, "resp");
            browser.emulate(390, true, false);
            browser.open(site.url("/admin"));
            browser.find("#title").sendKeys("Checkout errors");
            new Select(browser.find("#impact")).selectByValue("outage");
            browser.find("input[name=services][value=api]").click();
            browser.find("#body").sendKeys("We are investigating failed checkouts.");
            browser.find("button[name=preview]").click();
            browser.await(WAIT, "the preview", d -> !d.findElements(By.cssSelector(".public-preview article.incident")).isEmpty());
            assertEquals("Checkout errors", browser.text(".public-preview .incident-title"));
            assertTrue(browser.text(".public-preview .updates").contains("We are investigating failed checkouts."));
            assertEquals(0L, site.status().snapshot().incidents().stream().filter(i -> i.isOpen()).count(), "a preview opens nothing");
            browser.screenshot("console-preview-phone");
            axe(browser, "/admin/incidents (preview)");
            browser.find("form[action='/admin/incidents'] button:not([name=preview])").click();
            browser.await(WAIT, "the incident page", d -> d.getCurrentUrl().contains("/admin/incidents/")
                    || !d.findElements(By.cssSelector(".problem")).isEmpty());
            assertTrue(browser.findAll(".problem").isEmpty(), () -> browser.text(".problem"));

            reader.await(WAIT, "the reader's page to show the incident", d -> d.getPageSource().contains("Checkout errors"));

            new Select(browser.find("#state")).selectByValue("identified");
            browser.find("form[action$='/updates'] #body").sendKeys("A bad deploy; rolling back.");
            browser.find("form[action$='/updates'] button").click();
            reader.await(WAIT, "the reader's page to show the update", d -> d.getPageSource().contains("A bad deploy; rolling back."));
            browser.await(WAIT, "the update on the console", d -> d.getPageSource().contains("A bad deploy; rolling back."));
            browser.screenshot("console-incident-phone");
            axe(browser, "/admin/incidents/{slug}");

            browser.find("#resolve-body").sendKeys("Rolled back; checkouts work.");
            browser.find("form[action$='/resolve'] button").click();
            reader.await(WAIT, "the reader's page to show it resolved", d -> d.getPageSource().contains("Rolled back; checkouts work."));
            browser.resetEmulation();

            List<String> actions = site.status().accounts().audit(new AuditQuery("operator:resp", null, null, 3)).entries()
                    .stream().map(AuditEntry::action).toList();
            assertEquals(List.of("resolveIncident", "updateIncident", "openIncident"), actions);
            browser.open(site.url("/admin/audit"));
            assertTrue(browser.text("main").contains("operator:resp"));
            shoot(browser, "audit");
            axe(browser, "/admin/audit");
            browser.open(site.url("/admin"));
            shoot(browser, "overview");
            axe(browser, "/admin");
        }
    }

    @Test
    void a_viewer_sees_no_forms_and_a_forged_form_is_refused() {
        signIn(browser, "view");
        List<String> actions = browser.findAll("form[method=post]").stream().map(f -> f.getAttribute("action"))
                .map(a -> URI.create(a).getPath()).toList();
        assertEquals(List.of("/admin/signout", "/admin/signout-everywhere"), actions);
        browser.js("""
                var f = document.createElement('form'); f.method = 'post'; f.action = '/admin/status';
                [['csrf', document.querySelector('input[name=csrf]').value], ['service', 'api'], ['status', 'outage']]
                  .forEach(function (p) { var i = document.createElement('input'); i.type = 'hidden'; i.name = p[0]; i.value = p[1]; f.appendChild(i); });
                document.body.appendChild(f); f.submit();""");
        browser.await(WAIT, "the refusal", d -> d.getPageSource().contains("That did not work (403)"));
        assertEquals("operational", site.status().service("api").orElseThrow().status().wireName());
        browser.open(site.url("/admin/services"));
        assertTrue(browser.findAll("form[action='/admin/services']").isEmpty());
        axe(browser, "/admin/services (viewer)");
    }

    @Test
    void an_admin_creates_a_token_that_works_and_an_operator_with_a_one_time_link() throws Exception {
        signIn(browser, "root");
        browser.open(site.url("/admin/tokens"));
        browser.find("#name").sendKeys("deploy-bot");
        browser.find("form[action='/admin/tokens'] button").click();
        String token = browser.await(WAIT, "the new token", d -> d.findElement(By.id("issued-token"))).getText();
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(site.url("/api/admin/services")))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode());
        shoot(browser, "tokens");
        axe(browser, "/admin/tokens");

        browser.open(site.url("/admin/operators"));
        browser.find("#name").sendKeys("dora");
        browser.find("form[action='/admin/operators'] button").click();
        WebElement link = browser.await(WAIT, "the one-time link", d -> d.findElement(By.id("issued-link")));
        String url = link.getText();
        assertTrue(url.startsWith(site.url("/admin/welcome/")), url);
        shoot(browser, "operators");
        axe(browser, "/admin/operators");

        browser.forget();
        browser.open(url);
        axe(browser, "/admin/welcome/{link}");
        browser.find("#password").sendKeys(PASSWORD);
        browser.find("#confirm").sendKeys(PASSWORD);
        browser.find("form button").click();
        browser.await(WAIT, "dora's overview", d -> d.getCurrentUrl().endsWith("/admin") && d.getPageSource().contains("dora (responder)"));

        browser.open(site.url("/admin/services"));
        shoot(browser, "services-as-responder");
        browser.forget();
        browser.open(site.url("/admin/signin"));
        shoot(browser, "signin");
        axe(browser, "/admin/signin");
    }

    @Test
    void an_admin_runs_templates_a_postmortem_branding_and_subscribers_from_the_console() throws Exception {
        signIn(browser, "root");
        browser.open(site.url("/admin/templates"));
        browser.find("#name").sendKeys("db-down");
        browser.find("#title").sendKeys("Database unavailable");
        new Select(browser.find("#impact")).selectByValue("outage");
        browser.find("form[action='/admin/templates'] input[name=services][value=api]").click();
        browser.find("#body").sendKeys("Writes fail; we are failing over.");
        browser.find("form[action='/admin/templates'] button").click();
        browser.await(WAIT, "the saved template", d -> d.getPageSource().contains("Open an incident from db-down"));
        shoot(browser, "templates");
        axe(browser, "/admin/templates");

        // a template fills the new-incident form, previewed as readers will see it; nothing opens before the button
        browser.find("a[href='/admin/templates/db-down/open']").click();
        browser.await(WAIT, "the filled form", d -> d.getCurrentUrl().endsWith("/admin/templates/db-down/open"));
        assertEquals("Database unavailable", browser.find("#title").getAttribute("value"));
        assertEquals("Database unavailable", browser.text(".public-preview .incident-title"));
        assertTrue(browser.find("input[name=services][value=api]").isSelected());
        assertTrue(site.status().snapshot().incidents().stream().noneMatch(i -> i.isOpen()));
        shoot(browser, "template-draft");
        axe(browser, "/admin/templates/{name}/open");
        browser.find("form[action='/admin/incidents'] button:not([name=preview])").click();
        browser.await(WAIT, "the incident", d -> d.getCurrentUrl().contains("/admin/incidents/"));
        String slug = browser.driver().getCurrentUrl().replaceAll(".*/admin/incidents/", "");
        browser.find("#resolve-body").sendKeys("Failed over.");
        browser.find("form[action$='/resolve'] button").click();
        browser.await(WAIT, "the postmortem form", d -> !d.findElements(By.id("postmortem-body")).isEmpty());

        browser.find("#postmortem-body").sendKeys("A disk filled up on the primary.\n\nWe now alert at 80 %.");
        browser.find("form[action$='/postmortem'] button[name=preview]").click();
        browser.await(WAIT, "the postmortem preview", d -> !d.findElements(By.cssSelector(".public-preview .postmortem")).isEmpty());
        List<String> previewed = browser.findAll(".public-preview .postmortem > p:not(.postmortem-published)").stream().map(WebElement::getText).toList();
        assertEquals(List.of("A disk filled up on the primary.", "We now alert at 80 %."), previewed);
        assertEquals(null, site.status().incident(slug).orElseThrow().postmortem(), "a preview publishes nothing");
        shoot(browser, "postmortem-preview");
        axe(browser, "/admin/incidents/{slug}/postmortem (preview)");
        browser.find("form[action$='/postmortem'] button:not([name=preview])").click();
        browser.await(WAIT, "the incident with its postmortem", d -> d.getCurrentUrl().endsWith("/admin/incidents/" + slug));
        shoot(browser, "incident-postmortem");
        axe(browser, "/admin/incidents/{slug} (resolved, postmortem)");
        browser.open(site.url("/incidents/" + slug));
        assertEquals(previewed, browser.findAll(".postmortem > p:not(.postmortem-published)").stream().map(WebElement::getText).toList(),
                "the public page shows what the preview showed");

        // branding: an uploaded SVG, then a PNG fetched once from a URL and served from the page's own origin
        Path svg = Files.createTempFile("logo", ".svg");
        Files.writeString(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 2\"><script>alert(1)</script><rect width=\"2\" height=\"2\"/></svg>");
        browser.open(site.url("/admin/branding"));
        browser.find("#name").sendKeys("Acme Status");
        browser.find("#accentColor").sendKeys("#0a7");
        browser.find("#logo").sendKeys(svg.toString());
        browser.find("#homeUrl").sendKeys("https://acme.example");
        browser.find("form[action='/admin/branding'] button").click();
        browser.await(WAIT, "the logo shown", d -> !d.findElements(By.cssSelector(".logo-now img")).isEmpty());
        var branding = site.status().snapshot().branding();
        assertEquals("Acme Status", branding.name());
        assertEquals("#00aa77", branding.accentColor());
        assertFalse(new String(site.status().logo(branding.logo().sha256()).orElseThrow().bytes()).contains("script"));
        var image = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var paint = image.createGraphics();
        paint.setColor(new java.awt.Color(0x00aa77));
        paint.fillOval(2, 2, 28, 28);
        paint.dispose();
        var encoded = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", encoded);
        byte[] png = encoded.toByteArray();
        HttpServer images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger fetched = new AtomicInteger();
        images.createContext("/brand/logo.png", exchange -> {
            fetched.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        images.start();
        try {
            browser.find("#logoUrl").sendKeys("http://127.0.0.1:" + images.getAddress().getPort() + "/brand/logo.png");
            browser.find("form[action='/admin/branding'] button").click();
            browser.await(WAIT, "the fetched logo", d -> "image/png".equals(site.status().snapshot().branding().logo() == null ? null
                    : site.status().snapshot().branding().logo().contentType()));
        } finally {
            images.stop(0);
        }
        assertEquals(1, fetched.get(), "fetched once");
        shoot(browser, "branding");
        axe(browser, "/admin/branding");
        browser.open(site.url("/"));
        String src = browser.find("header.site img.logo").getAttribute("src");
        assertEquals(site.url("/branding/logo/" + site.status().snapshot().branding().logo().sha256()), src, "served from the page's origin");

        // subscribers: a webhook's secret is shown once; a mail address only to admins
        site.status().execute(new SubscribeByEmail("reader@example.org", List.of(), null));
        browser.open(site.url("/admin/subscribers"));
        new Select(browser.find("#kind")).selectByValue("webhook");
        browser.find("#url").sendKeys("http://127.0.0.1:9/hooks/status");
        browser.find("form[action='/admin/subscribers'] button").click();
        String secret = browser.await(WAIT, "the signing secret", d -> d.findElement(By.id("issued-secret"))).getText();
        assertTrue(secret.length() >= 16, secret);
        assertTrue(browser.text("main").contains("reader@example.org"));
        shoot(browser, "subscribers");
        axe(browser, "/admin/subscribers");
        browser.open(site.url("/admin/subscribers"));
        assertFalse(browser.text("main").contains(secret), "shown once");
        assertFalse(browser.driver().getPageSource().contains("/hooks/status"), "a hook's URL is never shown in full");
        browser.find("button[aria-label='Remove the webhook subscriber http://127.0.0.1:9/…']").click();
        browser.await(WAIT, "the webhook gone", d -> !d.getPageSource().contains("http://127.0.0.1:9/…"));
        assertEquals(List.of("email"), site.status().subscribers(null, 10).stream().map(s -> s.kind().wireName()).toList());

        signIn(browser, "view");
        browser.open(site.url("/admin/subscribers"));
        assertFalse(browser.driver().getPageSource().contains("reader@example.org"), "a mail address is for admins only");
        assertTrue(browser.findAll("form[method=post]").stream().noneMatch(f -> f.getAttribute("action").contains("/subscribers")));
        axe(browser, "/admin/subscribers (viewer)");
        browser.open(site.url("/admin/templates"));
        assertTrue(browser.findAll("form[action='/admin/templates']").isEmpty());
        axe(browser, "/admin/templates (viewer)");
    }

    @Test
    void on_a_phone_an_admin_adds_a_heartbeat_and_sees_its_push_url_once_and_hands_a_service_back() {
        site.status().execute(new dev.statusstream.SetStatus("web", dev.statusstream.Status.DEGRADED, null));
        signIn(browser, "root");
        browser.emulate(390, true, false);
        browser.open(site.url("/admin/monitors"));
        browser.find("details:nth-of-type(1) summary").click();
        new Select(browser.find("#hb-service")).selectByValue("web");
        browser.find("#hb-heartbeat").clear();
        browser.find("#hb-heartbeat").sendKeys("10m");
        browser.find("#hb-heartbeat").submit();
        String url = browser.await(WAIT, "the push URL", d -> d.findElement(By.id("issued-url"))).getText();
        assertTrue(url.startsWith(site.url("/api/heartbeats/")), url);
        assertTrue((Boolean) browser.js("return document.documentElement.scrollWidth <= 390;"), "the answer fits 390 px");
        axe(browser, "/admin/monitors (a new heartbeat)");
        browser.open(site.url("/admin/monitors"));
        assertTrue(browser.text("main").contains("web-heartbeat") && !browser.driver().getPageSource().contains(url));
        browser.resetEmulation();
        shoot(browser, "monitors");
        axe(browser, "/admin/monitors");

        browser.open(site.url("/admin/services"));
        browser.find("form[action='/admin/services/web/control'] button").click();
        browser.await(WAIT, "the service handed back", d -> d.getCurrentUrl().endsWith("/admin/services")
                && !d.getPageSource().contains("action=\"/admin/services/web/control\""));
        assertEquals(dev.statusstream.Control.AUTOMATIC, site.status().automation().controls().get("web"));
        assertEquals(dev.statusstream.Status.DEGRADED, site.status().service("web").orElseThrow().status(), "handing back changes no status");
        shoot(browser, "services-admin");
        axe(browser, "/admin/services");
    }
}

package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @BeforeAll
    static void start() {
        site = Site.start();
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

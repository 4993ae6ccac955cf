package dev.statusstream.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * axe-core, the accessibility engine, injected into the page the browser shows: {@link #serious} lists
 * the violations a reader would hit hardest (impact {@code serious} or {@code critical}), one line each.
 */
final class Axe {
    private static final String SCRIPT = load();
    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ["violations"]}).then(function (results) {
              done(results.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
                .map(function (v) {
                  return v.impact + " " + v.id + ": " + v.help + " at " + v.nodes.map(function (n) { return n.target.join(" "); }).join(", ");
                }));
            }, function (e) { done(["axe failed: " + e]); });
            """;

    private Axe() {
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the class path (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serious and critical violations on the page the browser shows now. */
    @SuppressWarnings("unchecked")
    static List<String> serious(Browser browser) {
        // injected through the driver, not a <script> tag: the page's policy would refuse one, as it should
        browser.js(SCRIPT + "\n;window.axe = axe;");
        browser.driver().manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(30));
        return (List<String>) browser.driver().executeAsyncScript(RUN);
    }
}

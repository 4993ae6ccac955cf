package dev.statusstream.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver, with the flags this machine needs (no
 * sandbox as root, no background networking on a closed network, a fresh profile). Nothing is downloaded:
 * both binaries are given by path. Missing binaries fail loudly; they are never a reason to skip.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(setting("STATUS_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(setting("STATUS_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    /** Where screenshots for review go (the module's target folder). */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser with JavaScript on. */
    static Browser start() {
        return start(true);
    }

    static Browser start(boolean javascript) {
        requireInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("statusstream-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
        // an alert must stay open so a test can see it (the default dismisses it silently)
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        if (!javascript) {
            // as a reader who blocked JavaScript in the browser's settings
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        try {
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    static void requireInstalled() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver, but "
                        + binary + " is missing: apt-get install chromium chromium-driver (bash .ci/run does it), or point "
                        + "STATUS_TEST_CHROMIUM and STATUS_TEST_CHROMEDRIVER at a Chromium and its matching chromedriver");
            }
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until {@code condition} returns a non-null, non-false value, polling every 25 ms. */
    <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        // the script replaces parts of the page as it redraws them: an element can go stale between find and read
        return new WebDriverWait(driver, timeout, Duration.ofMillis(25)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The connection indicator's state ({@code live}, {@code reconnecting}, ...). */
    String connection() {
        return find("#connection").getAttribute("data-state");
    }

    void awaitConnection(String state, Duration timeout) {
        await(timeout, "the connection indicator to show " + state, d -> state.equals(connection()));
    }

    Map<String, Object> cdp(String command, Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    /** Emulates a screen {@code width} CSS pixels wide (a phone when {@code mobile}) and a colour scheme. */
    void emulate(int width, boolean mobile, boolean dark) {
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900, "deviceScaleFactor", mobile ? 2 : 1,
                "mobile", mobile));
        cdp("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    /** Forgets cookies (all of 127.0.0.1 shares them, whatever the port) and any emulation. */
    void forget() {
        cdp("Network.clearBrowserCookies", Map.of());
        resetEmulation();
    }

    void resetEmulation() {
        cdp("Emulation.clearDeviceMetricsOverride", Map.of());
        cdp("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    /** Saves the whole page (not just the viewport) as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        Map<String, Object> shot = cdp("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

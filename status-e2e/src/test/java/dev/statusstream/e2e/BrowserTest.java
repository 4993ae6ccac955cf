package dev.statusstream.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One browser for a test class; each test starts without cookies (the language cookie) or emulation. */
abstract class BrowserTest {
    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @BeforeEach
    void forgetTheLastTest() {
        browser.forget();
    }
}

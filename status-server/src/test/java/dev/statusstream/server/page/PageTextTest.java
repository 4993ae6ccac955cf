package dev.statusstream.server.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PageTextTest {
    private static final Messages MESSAGES = Messages.load();

    private static PageText text(String lang) {
        return new PageText(lang, List.of(lang), "en", MESSAGES.all(lang));
    }

    @Test
    void placeholders_are_filled_and_split_around_an_element() {
        assertEquals("No incidents in the last 14 days.", text("en").t("past.none", 14));
        assertEquals("Since ", text("en").before("since"));
        assertEquals("", text("en").after("since"));
        assertEquals("", text("ja").before("since"));
        assertEquals(" から", text("ja").after("since"));
        assertEquals("1 update", text("en").count("updates", 1));
        assertEquals("3 updates", text("en").count("updates", 3));
        assertEquals("no.such.key", text("en").t("no.such.key"));
    }

    @Test
    void durations_and_dates_read_naturally_in_each_language() {
        assertEquals("< 1 min", text("en").duration(Duration.ofSeconds(59)));
        assertEquals("45 min", text("en").duration(Duration.ofMinutes(45)));
        assertEquals("2 h", text("en").duration(Duration.ofHours(2)));
        assertEquals("2 h 5 min", text("en").duration(Duration.ofMinutes(125)));
        assertEquals("2 時間 5 分", text("ja").duration(Duration.ofMinutes(125)));
        assertEquals("Sep 1, 2026", text("en").date(LocalDate.of(2026, 9, 1)));
        assertEquals("2026/09/01", text("ja").date(LocalDate.of(2026, 9, 1)));
    }

    @Test
    void every_bundle_translates_every_message() throws Exception {
        var english = bundle("en").stringPropertyNames();
        for (String language : Messages.LANGUAGES) {
            assertEquals(english, bundle(language).stringPropertyNames(), language + " (a missing key would show English)");
        }
    }

    private static Properties bundle(String language) throws Exception {
        var properties = new Properties();
        try (var in = PageTextTest.class.getResourceAsStream("/i18n/messages_" + language + ".properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}

package dev.statusstream.store.internal;

import dev.statusstream.LocalizedText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bodies of the updates StatusStream posts by itself when a maintenance window starts or ends:
 * English and Japanese (the languages the page ships with), and under the configured default
 * language, which must always be present, English when it is neither of those.
 */
final class AutomaticTexts {
    private static final Map<String, String> STARTED = Map.of(
            "en", "The scheduled maintenance has started.",
            "ja", "計画メンテナンスを開始しました。");
    private static final Map<String, String> COMPLETED = Map.of(
            "en", "The scheduled maintenance is complete.",
            "ja", "計画メンテナンスが完了しました。");

    private AutomaticTexts() {
    }

    static LocalizedText started(String defaultLanguage) {
        return text(STARTED, defaultLanguage);
    }

    static LocalizedText completed(String defaultLanguage) {
        return text(COMPLETED, defaultLanguage);
    }

    private static LocalizedText text(Map<String, String> translations, String defaultLanguage) {
        var values = new LinkedHashMap<String, String>();
        values.put(defaultLanguage, translations.getOrDefault(defaultLanguage, translations.get("en")));
        values.putIfAbsent("en", translations.get("en"));
        values.putIfAbsent("ja", translations.get("ja"));
        return new LocalizedText(values);
    }
}

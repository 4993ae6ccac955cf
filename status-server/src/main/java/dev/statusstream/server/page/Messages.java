package dev.statusstream.server.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The page's text in every language we ship ({@code i18n/messages_<lang>.properties}), loaded once.
 * A key missing in one language falls back to English. Immutable, thread-safe.
 */
public final class Messages {
    /** Languages with a message bundle, the first being the fallback. */
    public static final List<String> LANGUAGES = List.of("en", "ja");

    private final Map<String, Map<String, String>> byLanguage;

    private Messages(Map<String, Map<String, String>> byLanguage) {
        this.byLanguage = byLanguage;
    }

    public static Messages load() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String language : LANGUAGES) {
            all.put(language, read("/i18n/messages_" + language + ".properties"));
        }
        Map<String, String> english = all.get("en");
        all.replaceAll((language, messages) -> {
            Map<String, String> merged = new LinkedHashMap<>(english);
            merged.putAll(messages);
            return Map.copyOf(merged);
        });
        return new Messages(Map.copyOf(all));
    }

    /** Every message in {@code language} (for the page's script). */
    public Map<String, String> all(String language) {
        return byLanguage.getOrDefault(language, byLanguage.get("en"));
    }

    /** Every language's own name ({@code en} to "English", {@code ja} to "日本語"), in {@link #LANGUAGES} order. */
    public Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        LANGUAGES.forEach(language -> names.put(language, get(language, "language.name")));
        return names;
    }

    public String get(String language, String key) {
        String text = all(language).get(key);
        return text == null ? key : text;
    }

    public boolean supports(String language) {
        return byLanguage.containsKey(language);
    }

    private static Map<String, String> read(String resource) {
        try (InputStream in = Messages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing message bundle " + resource);
            }
            var properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> map = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

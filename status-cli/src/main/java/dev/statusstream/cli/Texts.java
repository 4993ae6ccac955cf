package dev.statusstream.cli;

import dev.statusstream.LocalizedText;
import dev.statusstream.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Localized text from repeated options: {@code --title "Outage" --title ja="障害"}. A value starting
 * with a two-letter ISO language code and {@code =} is in that language; any other value is in the
 * default language (write {@code en=...} to keep a leading {@code xx=} literal).
 */
final class Texts {
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

    private Texts() {
    }

    /** As {@link #parse}, but a single empty value ({@code --description ""}) is the empty text: remove it. */
    static LocalizedText parseOrClear(List<String> values, ParseContext context, String option) {
        if (values != null && values.size() == 1 && values.get(0).isBlank()) {
            return LocalizedText.EMPTY;
        }
        return parse(values, context, option);
    }

    /** Null when no value was given. The default language is asked for only when a value has no prefix. */
    static LocalizedText parse(List<String> values, ParseContext context, String option) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String value : values) {
            String language = null;
            String text = value;
            int eq = value.indexOf('=');
            if (eq >= 2) {
                String tag = value.substring(0, eq);
                String primary = tag.split("-", 2)[0];
                if (primary.length() == 2 && LANGUAGES.contains(primary) && tag.matches("[a-z]{2}(-[A-Za-z0-9]{1,8})*")) {
                    language = tag;
                    text = value.substring(eq + 1);
                }
            }
            if (language == null) {
                language = context.language();
            }
            if (texts.put(LocalizedText.normalizeLanguage(language), text) != null) {
                throw new ValidationException(option, "gives the '" + language + "' text twice");
            }
        }
        try {
            return new LocalizedText(texts);
        } catch (ValidationException e) {
            throw new ValidationException(option, e.reason());
        }
    }
}

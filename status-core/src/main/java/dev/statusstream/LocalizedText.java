package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Text in several languages, keyed by language tag ({@code {"en": "Outage", "ja": "障害"}}).
 *
 * <p>Immutable and thread-safe. The tags are lowercase BCP 47 tags such as {@code en}, {@code ja} or
 * {@code pt-br}; texts are trimmed, never blank, and never hold what PostgreSQL cannot store (NUL, a
 * lone surrogate). {@link #check} adds what a write requires: no other control characters than tab and
 * line breaks, something visible, and lengths. An empty text has no languages at all.
 *
 * @param values the text per language tag
 */
public record LocalizedText(Map<String, String> values) {
    /** The text with no language. */
    public static final LocalizedText EMPTY = new LocalizedText(Map.of());

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}");
    private static final int MAX_LANGUAGES = 32;

    /**
     * Checks and normalizes the tags and texts.
     *
     * @throws ValidationException when a tag is not a language tag, a text is blank or holds NUL or a lone
     *                             surrogate, or there are more than 32 languages
     */
    public LocalizedText {
        if (values == null) {
            throw new ValidationException("text", "must not be null");
        }
        if (values.size() > MAX_LANGUAGES) {
            throw new ValidationException("text", "has " + values.size() + " languages, at most " + MAX_LANGUAGES);
        }
        var copy = new LinkedHashMap<String, String>();
        values.forEach((tag, text) -> {
            String language = normalizeLanguage(tag);
            if (text == null || text.isBlank()) {
                throw new ValidationException("text", "the '" + language + "' text is empty");
            }
            String unstorable = TextRules.unstorable(text);
            if (unstorable != null) {
                throw new ValidationException("text", "the '" + language + "' text " + unstorable);
            }
            copy.put(language, text.strip());
        });
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads the JSON form: a plain object keyed by language.
     *
     * @param values the text per language tag
     * @return the checked text
     */
    @JsonCreator
    public static LocalizedText fromJson(Map<String, String> values) {
        return new LocalizedText(values);
    }

    /**
     * The text per language, in the order given; unmodifiable.
     *
     * @return a map from language tag to text
     */
    @JsonValue
    @Override
    public Map<String, String> values() {
        return values;
    }

    /**
     * Text in one language.
     *
     * @param language a language tag, e.g. {@code en}
     * @param text     the text
     * @return the text in that language
     */
    public static LocalizedText of(String language, String text) {
        return new LocalizedText(Map.of(language, text));
    }

    /**
     * Checks and normalizes a language tag: {@code "EN"} becomes {@code "en"}, {@code "pt_BR"} becomes
     * {@code "pt-br"}.
     *
     * @param tag a language tag
     * @return the normalized tag
     * @throws ValidationException when the tag is not a language tag
     */
    public static String normalizeLanguage(String tag) {
        String normalized = tag == null ? "" : tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (!LANGUAGE_TAG.matcher(normalized).matches()) {
            throw new ValidationException("language", "'" + TextRules.abbreviate(tag) + "' is not a language tag (e.g. en, ja, pt-br)");
        }
        return normalized;
    }

    /**
     * Whether there is no text at all.
     *
     * @return true when there is no text in any language
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * The text in one language.
     *
     * @param language a normalized language tag
     * @return the text, or null when there is none in that language
     */
    public String get(String language) {
        return values.get(language);
    }

    /**
     * The best text for a reader: the first of {@code preferred} that exists, then {@code fallback},
     * then any language.
     *
     * @param preferred the reader's languages, best first
     * @param fallback  the language to use when none of those has text
     * @return the text, or an empty string when there is no text at all
     */
    public String resolve(List<String> preferred, String fallback) {
        for (String language : preferred) {
            String text = values.get(language);
            if (text != null) {
                return text;
            }
        }
        String text = values.get(fallback);
        if (text != null) {
            return text;
        }
        return values.isEmpty() ? "" : values.values().iterator().next();
    }

    /**
     * This text with the languages of another added or replaced.
     *
     * @param other the texts to add
     * @return the merged text
     */
    public LocalizedText merge(LocalizedText other) {
        var merged = new LinkedHashMap<>(values);
        merged.putAll(other.values);
        return new LocalizedText(merged);
    }

    /**
     * Checks this text for a field: the default language must be present (unless the text is empty and
     * {@code required} is false), no text may be longer than {@code maxLength} characters, hold a control
     * character other than tab and line breaks, or be made only of invisible characters (such as
     * U+200B, U+202E, U+FEFF).
     *
     * @param field           the field name to report
     * @param defaultLanguage the language that must be present
     * @param required        whether an empty text is rejected
     * @param maxLength       the longest text allowed, in characters
     * @return this text
     * @throws ValidationException naming {@code field}
     */
    public LocalizedText check(String field, String defaultLanguage, boolean required, int maxLength) {
        if (values.isEmpty()) {
            if (required) {
                throw new ValidationException(field, "is required");
            }
            return this;
        }
        if (!values.containsKey(defaultLanguage)) {
            throw new ValidationException(field, "has no text in the default language '" + defaultLanguage + "'");
        }
        values.forEach((language, text) -> {
            String unreadable = TextRules.unreadable(text);
            if (unreadable != null) {
                throw new ValidationException(field + "." + language, unreadable);
            }
            int length = text.codePointCount(0, text.length());
            if (length > maxLength) {
                throw new ValidationException(field + "." + language,
                        "is " + length + " characters long, at most " + maxLength + " allowed");
            }
        });
        return this;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

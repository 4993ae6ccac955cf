package dev.statusstream;

import java.time.Instant;
import java.util.Objects;

/**
 * What an operator wrote about a resolved incident once it was over: what happened, why, and what
 * changes. Plain text in paragraphs (a blank line between them), shown as text, never as HTML.
 *
 * <p>Immutable and thread-safe.
 *
 * @param body        the text, in one or more languages
 * @param publishedAt when it was first published
 * @param updatedAt   when it was last changed
 */
public record Postmortem(LocalizedText body, Instant publishedAt, Instant updatedAt) {
    /** The longest postmortem, in characters per language. */
    public static final int MAX_BODY = 50_000;

    /**
     * Checks that every field is there.
     *
     * @throws NullPointerException naming a missing field
     */
    public Postmortem {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}

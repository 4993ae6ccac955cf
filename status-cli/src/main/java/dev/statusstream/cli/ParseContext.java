package dev.statusstream.cli;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * What parsing needs besides the arguments: the default language of plain texts and the clock that
 * relative times ({@code --starts +10m}) count from. The language belongs to the deployment (in remote
 * mode the server says which it is, at the cost of a request), so it is asked for only when a text
 * without a language prefix needs it; {@link #languageUsed()} tells whether one did.
 */
final class ParseContext {
    private final Supplier<String> language;
    private final Clock clock;
    private boolean languageUsed;

    ParseContext(String language, Clock clock) {
        this(() -> language, clock);
    }

    ParseContext(Supplier<String> language, Clock clock) {
        this.language = language;
        this.clock = clock;
    }

    /** The language of a text given without a prefix. */
    String language() {
        languageUsed = true;
        return language.get();
    }

    Clock clock() {
        return clock;
    }

    boolean languageUsed() {
        return languageUsed;
    }
}

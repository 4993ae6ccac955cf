package dev.statusstream.cli;

import java.time.Clock;

/**
 * What parsing needs besides the arguments: the default language of plain texts and the clock that
 * relative times ({@code --starts +10m}) count from.
 */
record ParseContext(String language, Clock clock) {
}

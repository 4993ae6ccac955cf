package dev.statusstream;

import java.util.Objects;

/**
 * Who asked for a write: recorded with the change in the change log, next to the version it created.
 * Written as {@code library}, {@code scheduler}, {@code token:<name>}, {@code operator:<name>} or
 * {@code cli@<host>}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what kind of caller
 * @param name which one of that kind (a token's name, the CLI's host); empty for {@link Kind#LIBRARY} and
 *             {@link Kind#SCHEDULER}
 */
public record Actor(Kind kind, String name) {
    private static final int MAX_NAME = 100;

    /** The kinds of callers. */
    public enum Kind {
        /** An application calling the library directly. */
        LIBRARY,
        /** The library itself, moving a maintenance window at its time. */
        SCHEDULER,
        /** A caller of the admin API, named by its bearer token. */
        TOKEN,
        /** The command-line tool writing to the database directly, named by its host. */
        CLI,
        /** A person signed in to the console, named by their operator name. */
        OPERATOR
    }

    /**
     * Checks the name: empty for the library and the scheduler, otherwise 1 to 100 printable characters
     * without spaces.
     *
     * @throws ValidationException naming {@code actor} when the name does not fit the kind
     */
    public Actor {
        Objects.requireNonNull(kind, "kind");
        name = name == null ? "" : name;
        boolean anonymous = kind == Kind.LIBRARY || kind == Kind.SCHEDULER;
        if (anonymous != name.isEmpty()) {
            throw new ValidationException("actor", anonymous ? "the " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " has no name, was '" + name + "'" : "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " needs a name");
        }
        if (name.length() > MAX_NAME || !name.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
            throw new ValidationException("actor", "'" + name + "' is not a name: at most " + MAX_NAME
                    + " printable characters, no spaces");
        }
    }

    /**
     * An application calling the library: the actor of every write made without naming one.
     *
     * @return {@code library}
     */
    public static Actor library() {
        return new Actor(Kind.LIBRARY, "");
    }

    /**
     * The library's maintenance scheduler.
     *
     * @return {@code scheduler}
     */
    public static Actor scheduler() {
        return new Actor(Kind.SCHEDULER, "");
    }

    /**
     * An admin API caller.
     *
     * @param name the token's name (never the token itself)
     * @return {@code token:<name>}
     */
    public static Actor token(String name) {
        return new Actor(Kind.TOKEN, name);
    }

    /**
     * The command-line tool in direct mode.
     *
     * @param host the host it runs on
     * @return {@code cli@<host>}
     */
    public static Actor cli(String host) {
        return new Actor(Kind.CLI, host);
    }

    /**
     * A person signed in to the console.
     *
     * @param name their operator name
     * @return {@code operator:<name>}
     */
    public static Actor operator(String name) {
        return new Actor(Kind.OPERATOR, name);
    }

    /**
     * The written form, as stored in the change log.
     *
     * @return {@code library}, {@code scheduler}, {@code token:<name>} or {@code cli@<host>}
     */
    @Override
    public String toString() {
        return switch (kind) {
            case LIBRARY -> "library";
            case SCHEDULER -> "scheduler";
            case TOKEN -> "token:" + name;
            case CLI -> "cli@" + name;
            case OPERATOR -> "operator:" + name;
        };
    }
}

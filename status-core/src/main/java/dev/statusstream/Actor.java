package dev.statusstream;

import java.util.Objects;

/**
 * Who asked for a write: recorded with the change in the change log, next to the version it created.
 * Written as {@code library}, {@code scheduler}, {@code token:<name>}, {@code operator:<name>},
 * {@code cli@<host>}, {@code subscriber}, {@code monitor:<name>} or the name of an alerting integration
 * ({@code alertmanager}, {@code grafana}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what kind of caller
 * @param name which one of that kind (a token's name, the CLI's host); empty for {@link Kind#LIBRARY},
 *             {@link Kind#SCHEDULER} and {@link Kind#SUBSCRIBER}
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
        OPERATOR,
        /** A reader managing their own subscription (the page's form, a link in a mail); never named. */
        SUBSCRIBER,
        /** A heartbeat or check, named by the monitor's name. */
        MONITOR,
        /** An alerting tool posting to its integration, named by the integration ({@code alertmanager}, {@code grafana}). */
        INTEGRATION
    }

    /**
     * Checks the name: empty for the library, the scheduler and a subscriber, otherwise 1 to 100 printable characters
     * without spaces.
     *
     * @throws ValidationException naming {@code actor} when the name does not fit the kind
     */
    public Actor {
        Objects.requireNonNull(kind, "kind");
        name = name == null ? "" : name;
        boolean anonymous = kind == Kind.LIBRARY || kind == Kind.SCHEDULER || kind == Kind.SUBSCRIBER;
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
     * A reader subscribing, confirming or unsubscribing by themselves; who they are is not recorded.
     *
     * @return {@code subscriber}
     */
    public static Actor subscriber() {
        return new Actor(Kind.SUBSCRIBER, "");
    }

    /**
     * A monitor (heartbeat or check) changing its service's status.
     *
     * @param name the monitor's name
     * @return {@code monitor:<name>}
     */
    public static Actor monitor(String name) {
        return new Actor(Kind.MONITOR, name);
    }

    /**
     * An alerting tool's integration changing a service's status.
     *
     * @param name the integration, e.g. {@code alertmanager}
     * @return the name itself
     */
    public static Actor integration(String name) {
        return new Actor(Kind.INTEGRATION, name);
    }

    /**
     * The written form, as stored in the change log.
     *
     * @return e.g. {@code library}, {@code token:<name>}, {@code cli@<host>} or {@code monitor:<name>}
     */
    @Override
    public String toString() {
        return switch (kind) {
            case LIBRARY -> "library";
            case SCHEDULER -> "scheduler";
            case TOKEN -> "token:" + name;
            case CLI -> "cli@" + name;
            case OPERATOR -> "operator:" + name;
            case SUBSCRIBER -> "subscriber";
            case MONITOR -> "monitor:" + name;
            case INTEGRATION -> name;
        };
    }
}

package dev.statusstream.bus.internal;

import dev.statusstream.Publication;
import dev.statusstream.Snapshot;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How snapshots travel between the processes serving one page, and where the newest one is kept for a
 * process that starts while PostgreSQL is down. {@link RedisSnapshotBus} carries them over a Redis
 * channel and keeps them under a Redis key; {@link LocalSnapshotBus} is the bus of a process without
 * Redis, which has no one to tell and nothing to keep. PostgreSQL's notifications reach every process
 * either way: a bus only makes the news faster and spares the readers a reload.
 *
 * <p>Implementations are thread-safe.
 */
public interface SnapshotBus extends AutoCloseable {

    /**
     * Starts connecting. {@code onReconnected} runs (on a bus thread: it must not block) whenever the
     * bus is back after a loss, when messages may have been missed and the shared copy may be old.
     */
    void start(Runnable onReconnected);

    /** Delivers every message published on the bus, this process's own included, to {@code onMessage} (on a bus thread). */
    void subscribe(Consumer<String> onMessage);

    /**
     * Keeps the shared copy up to date from {@code newest} while this process runs the page: refreshes
     * it before it expires, and publishes the newest snapshot again when the bus may have lost it.
     */
    void keepFresh(Supplier<Snapshot> newest);

    /**
     * Stores a snapshot and publishes its message (with the changes behind it), waiting at most the bus's
     * timeout. A failure is logged and counted, never thrown: the change is committed, and other
     * processes learn of it from PostgreSQL.
     *
     * @return what happened, for {@link dev.statusstream.Publish}
     */
    Publication publish(EncodedSnapshot snapshot);

    /**
     * Publishes {@code newest} again once the bus answers (after a reconnect, a restarted Redis having
     * lost its copy). Does not wait.
     */
    void republish(Snapshot newest);

    /** The shared copy of the newest snapshot, when the bus has one and answers in time. */
    Optional<Snapshot> stored();

    /**
     * How long a process told of a new version by PostgreSQL waits for the bus's message carrying it
     * before reloading the snapshot itself.
     */
    Duration messageGrace();

    /**
     * Asks the bus whether it works, waiting at most {@code timeout}.
     *
     * @return {@code disabled}, {@code up} or {@code down} and, when down, why
     */
    State check(Duration timeout);

    /** Times the bus came back after being lost. */
    long reconnects();

    /** Publishes that failed (the change still reached other processes through PostgreSQL). */
    long publishFailures();

    @Override
    void close();

    /**
     * What a health check reports about the bus.
     *
     * @param name  {@code disabled}, {@code up} or {@code down}
     * @param error why it is down, else null
     */
    record State(String name, String error) {
        static final State DISABLED = new State("disabled", null);
        static final State UP = new State("up", null);

        static State down(String error) {
            return new State("down", error);
        }
    }
}

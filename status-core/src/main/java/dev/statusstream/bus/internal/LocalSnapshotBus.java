package dev.statusstream.bus.internal;

import dev.statusstream.Publication;
import dev.statusstream.Snapshot;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The bus of a process without Redis: its own follower already has every change it commits, and
 * other processes learn of changes from PostgreSQL's notifications alone. Nothing is carried or kept.
 * Stateless and thread-safe.
 */
public final class LocalSnapshotBus implements SnapshotBus {

    @Override
    public void start(Runnable onReconnected) {
    }

    @Override
    public void subscribe(Consumer<String> onMessage) {
    }

    @Override
    public void keepFresh(Supplier<Snapshot> newest) {
    }

    @Override
    public Publication publish(EncodedSnapshot encoded) {
        return new Publication(encoded.snapshot().version(), Publication.Redis.NOT_CONFIGURED, null);
    }

    @Override
    public void republish(Snapshot newest) {
    }

    @Override
    public Optional<Snapshot> stored() {
        return Optional.empty();
    }

    /** No message will come: reload at once. */
    @Override
    public Duration messageGrace() {
        return Duration.ZERO;
    }

    @Override
    public State check(Duration timeout) {
        return State.DISABLED;
    }

    @Override
    public long reconnects() {
        return 0;
    }

    @Override
    public long publishFailures() {
        return 0;
    }

    @Override
    public void close() {
    }
}

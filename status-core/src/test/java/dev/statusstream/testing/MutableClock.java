package dev.statusstream.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock tests set or move by hand: to reach a maintenance window's start or end without waiting,
 * or to write history in the past through the library's ordinary write path. Thread-safe.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock at the current time. */
    public MutableClock() {
        this(Instant.now());
    }

    /** Moves the clock forward. */
    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    public MutableClock set(Instant instant) {
        now.set(instant);
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

package dev.statusstream.server.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock the test sets: for writing history in the past through the library's ordinary write path. */
public final class SettableClock extends Clock {
    private volatile Instant now = Instant.now();

    public SettableClock set(Instant instant) {
        now = instant;
        return this;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
        return now;
    }
}

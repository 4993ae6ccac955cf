package dev.statusstream.server.subscribe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many subscription requests one client address may make in a window (on this node): a fixed
 * window per address, forgotten when it is over. Bounded in memory: past {@link #MAX_CLIENTS} addresses
 * the expired windows are dropped, and if all are live, every new address is refused until some expire
 * (a flood from many addresses gets 429s, not our memory). Thread-safe.
 */
final class ClientLimiter {
    static final int MAX_CLIENTS = 100_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int count) {
    }

    ClientLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Counts one request from {@code client}.
     *
     * @return zero when it is allowed, else how long until the client may try again
     */
    Duration acquire(String client) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_CLIENTS && !windows.containsKey(client)) {
            windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
            if (windows.size() >= MAX_CLIENTS) {
                return window;
            }
        }
        Window counted = windows.compute(client, (key, w) -> w == null || !w.start().plus(window).isAfter(now)
                ? new Window(now, 1) : new Window(w.start(), w.count() + 1));
        return counted.count() <= limit ? Duration.ZERO : Duration.between(now, counted.start().plus(window));
    }
}

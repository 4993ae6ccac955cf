package dev.statusstream.server.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines that requests cause (refusals, failed requests), kept harmless whoever sends the requests:
 * every text argument is escaped ({@link #quote}: control characters, quotes and backslashes, at most
 * {@value #MAX_VALUE} characters), so a header cannot forge log lines; and each kind of line is
 * throttled, at most {@value #LINES} per {@link #PERIOD}, after which one line says how many were
 * suppressed, so no flood of requests becomes a flood of log. Thread-safe.
 */
public final class RequestLog {
    /** Lines of one kind per period. */
    static final int LINES = 10;
    static final Duration PERIOD = Duration.ofSeconds(10);
    /** The longest value written as it came; longer ones are cut and marked. */
    static final int MAX_VALUE = 200;

    private final Logger log;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RequestLog(Logger log) {
        this(log, System::nanoTime);
    }

    RequestLog(Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /** Per kind: when the current period began, lines written in it, lines suppressed in it. */
    private static final class Window {
        long start;
        int written;
        int suppressed;
    }

    public void info(String kind, String format, Object... args) {
        write(Level.INFO, kind, null, format, args);
    }

    public void warn(String kind, String format, Object... args) {
        write(Level.WARN, kind, null, format, args);
    }

    /** An error with its stack trace (a failure of ours, not of the input), throttled like the rest. */
    public void error(String kind, Throwable failure, String format, Object... args) {
        write(Level.ERROR, kind, failure, format, args);
    }

    private void write(Level level, String kind, Throwable failure, String format, Object... args) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        int suppressedBefore;
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        synchronized (window) {
            long now = nanoTime.getAsLong();
            suppressedBefore = 0;
            if (window.written == 0 || now - window.start >= PERIOD.toNanos()) {
                suppressedBefore = window.suppressed;
                window.start = now;
                window.written = 0;
                window.suppressed = 0;
            }
            if (window.written >= LINES) {
                window.suppressed++;
                return;
            }
            window.written++;
        }
        if (suppressedBefore > 0) {
            log.atLevel(level).log("{} more '{}' lines suppressed (at most {} per {} s)", suppressedBefore, kind, LINES,
                    PERIOD.toSeconds());
        }
        Object[] quoted = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            quoted[i] = args[i] instanceof CharSequence text ? quote(text.toString()) : args[i];
        }
        var line = log.atLevel(level);
        if (failure != null) {
            line = line.setCause(failure);
        }
        line.log(format, quoted);
    }

    /**
     * A value from a request as it may be logged: control characters, quotes and backslashes escaped
     * ({@code \n}, {@code \"}, {@code \u001b}), lone surrogates too, and at most {@value #MAX_VALUE}
     * characters, then {@code ...(N chars)}.
     */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        var out = new StringBuilder(Math.min(value.length(), MAX_VALUE) + 16);
        int end = Math.min(value.length(), MAX_VALUE);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                            || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c) && !pair) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > MAX_VALUE) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}

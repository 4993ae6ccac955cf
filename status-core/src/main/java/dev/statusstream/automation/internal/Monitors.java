package dev.statusstream.automation.internal;

import dev.statusstream.Actor;
import dev.statusstream.AddedMonitor;
import dev.statusstream.Change;
import dev.statusstream.CheckHour;
import dev.statusstream.CheckResult;
import dev.statusstream.ConflictException;
import dev.statusstream.Control;
import dev.statusstream.Monitor;
import dev.statusstream.NewMonitor;
import dev.statusstream.NotFoundException;
import dev.statusstream.Service;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.store.internal.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Monitors: adding, pausing and removing them (writes behind the page, as the operator), heartbeat
 * pings, and the runner that checks them on this node. A monitor whose state changes has its service's
 * status worked out again, as the monitor. Thread-safe.
 */
public final class Monitors implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Sets a service's automatic status, if the precedence rule lets it. */
    public interface Reporter {
        Optional<Change<Service>> report(Actor actor, String serviceId, Function<Handle, AutomaticStatus.Verdict> verdict);
    }

    private final Database database;
    private final MonitorRepository monitors = new MonitorRepository();
    private final Verdicts verdicts = new Verdicts(monitors);
    private final TargetAddresses targets;
    private final Reporter reporter;
    private final MonitorRunner runner;

    public Monitors(Database database, Clock clock, TargetAddresses targets, Reporter reporter) {
        this.database = database;
        this.targets = targets;
        this.reporter = reporter;
        this.runner = new MonitorRunner(database::bookkeeping, monitors, new Probe(targets), clock,
                (monitor, cause) -> reevaluate(Actor.monitor(monitor.name()), monitor.serviceId(), cause));
    }

    /** Starts running this node's share of the checks. */
    public void start() {
        runner.start();
    }

    /** One pass of the runner, for tests and tools that do not start it. */
    public int runDue() {
        return runner.runDue();
    }

    public Change<AddedMonitor> add(Actor actor, NewMonitor n) {
        // the outbound guard at creation too, so a refused target is a 400 now, not a failing check later
        if (n.kind() == Monitor.Kind.HTTP) {
            targets.check("http", n.target());
        } else if (n.kind() == Monitor.Kind.TCP) {
            targets.resolve("tcp", n.target().substring(0, n.target().lastIndexOf(':')));
        }
        String token = n.kind() == Monitor.Kind.HEARTBEAT ? newToken() : null;
        return database.writeBehindThePage(actor, h -> {
            if (h.createQuery("select 1 from statusstream_services where id = :id").bind("id", n.serviceId())
                    .mapTo(Integer.class).findOne().isEmpty()) {
                throw new NotFoundException("service", "no service with id '" + n.serviceId() + "'");
            }
            if (monitors.find(h, n.name()).isPresent()) {
                throw new ConflictException("name", "a monitor named '" + n.name() + "' already exists; name this one with name (--name)");
            }
            monitors.insert(h, n, token == null ? null : sha256(token), database.now());
            return new AddedMonitor(monitors.find(h, n.name()).orElseThrow(), token);
        });
    }

    public Change<Monitor> remove(Actor actor, String name) {
        Change<Monitor> removed = database.writeBehindThePage(actor, h -> {
            Monitor m = require(h, name);
            monitors.delete(h, name);
            return m;
        });
        return after(removed, reevaluate(actor, removed.value().serviceId(), "monitor " + name + " removed"));
    }

    public Change<Monitor> pause(Actor actor, String name, boolean paused) {
        Change<Monitor> changed = database.writeBehindThePage(actor, h -> {
            require(h, name);
            monitors.setPaused(h, name, paused, database.now());
            return monitors.find(h, name).orElseThrow();
        });
        return after(changed, reevaluate(actor, changed.value().serviceId(),
                "monitor " + name + (paused ? " paused" : " resumed")));
    }

    /**
     * A heartbeat's ping: moves its deadline, and brings it (and its service) back up if it was down.
     *
     * @return the monitor, or empty when no heartbeat has this token
     */
    public Optional<Monitor> ping(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        Optional<MonitorRepository.Claimed> pinged = database.bookkeeping(h -> monitors.ping(h, sha256(token), database.now()));
        pinged.filter(c -> c.monitor().state() != Monitor.State.UP).ifPresent(c -> {
            database.bookkeeping(h -> {
                monitors.pinged(h, c.monitor().name());
                return null;
            });
            if (!c.monitor().paused()) {
                reevaluate(Actor.monitor(c.monitor().name()), c.monitor().serviceId(),
                        "monitor " + c.monitor().name() + ": heartbeat received");
            }
        });
        return pinged.map(MonitorRepository.Claimed::monitor);
    }

    public Optional<Monitor> find(String name) {
        return database.read(h -> monitors.find(h, name));
    }

    public List<Monitor> page(String serviceId, String after, int limit) {
        return database.read(h -> monitors.page(h, serviceId, after, limit));
    }

    public List<CheckHour> checkHours(Instant from, Instant to) {
        return database.read(h -> monitors.checkHours(h, from, to));
    }

    public Map<String, CheckResult> lastResults(List<String> names) {
        return database.read(h -> monitors.lastResults(h, names));
    }

    public Map<String, Control> controls() {
        return database.read(MonitorRepository::controls);
    }

    private Monitor require(Handle h, String name) {
        return monitors.find(h, name).orElseThrow(() -> new NotFoundException("name", "no monitor named '" + name + "'"));
    }

    private Optional<Change<Service>> reevaluate(Actor actor, String serviceId, String restored) {
        return reporter.report(actor, serviceId, h -> verdicts.of(h, serviceId, restored));
    }

    private static <T> Change<T> after(Change<T> change, Optional<Change<Service>> status) {
        return status.map(s -> new Change<>(s.version(), change.value())).orElse(change);
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}

package dev.statusstream.automation.internal;

import dev.statusstream.CheckHour;
import dev.statusstream.CheckResult;
import dev.statusstream.Control;
import dev.statusstream.Monitor;
import dev.statusstream.NewMonitor;
import dev.statusstream.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The SQL of {@code statusstream_monitors} and its results. Stateless, so thread-safe. */
public final class MonitorRepository {
    /** A claimed monitor: what a runner needs, with the counters it had when claimed. */
    public record Claimed(Monitor monitor, int failures, int successes, Instant dueAt) {
    }

    public void insert(Handle h, NewMonitor n, byte[] tokenHash, Instant now) {
        // a heartbeat's first deadline runs from its creation; a check runs at once
        Instant due = n.kind() == Monitor.Kind.HEARTBEAT ? now.plus(n.interval()).plus(n.grace()) : now;
        h.createUpdate("""
                insert into statusstream_monitors (name, service_id, kind, target, interval_ms, grace_ms, timeout_ms,
                    expect_from, expect_to, body_contains, failures_to_down, successes_to_up, down_status, token_hash,
                    next_due_at, created_at)
                values (:name, :service, :kind, :target, :interval, :grace, :timeout, :expectFrom, :expectTo, :body,
                    :failures, :successes, :down, :token, :due, :now)""")
                .bind("name", n.name()).bind("service", n.serviceId()).bind("kind", n.kind().wireName())
                .bind("target", n.target()).bind("interval", n.interval().toMillis()).bind("grace", n.grace().toMillis())
                .bind("timeout", n.timeout().toMillis()).bind("expectFrom", n.expectFrom()).bind("expectTo", n.expectTo())
                .bind("body", n.bodyContains()).bind("failures", n.failuresToDown()).bind("successes", n.successesToUp())
                .bind("down", n.downStatus().wireName()).bind("token", tokenHash).bind("due", due).bind("now", now)
                .execute();
    }

    public Optional<Monitor> find(Handle h, String name) {
        return h.createQuery("select * from statusstream_monitors where name = :name").bind("name", name)
                .map(MonitorRepository::monitor).findOne();
    }

    /** A page of monitors in name order, after {@code after} (null for the first page). */
    public List<Monitor> page(Handle h, String serviceId, String after, int limit) {
        return h.createQuery("""
                select * from statusstream_monitors
                where (cast(:after as text) is null or name > :after) and (cast(:service as text) is null or service_id = :service)
                order by name limit :limit""")
                .bind("after", after).bind("service", serviceId).bind("limit", limit)
                .map(MonitorRepository::monitor).list();
    }

    public boolean delete(Handle h, String name) {
        return h.createUpdate("delete from statusstream_monitors where name = :name").bind("name", name).execute() == 1;
    }

    /** Pauses or resumes; a resumed check is due at once, a resumed heartbeat a full interval and grace from now. */
    public boolean setPaused(Handle h, String name, boolean paused, Instant now) {
        return h.createUpdate("""
                update statusstream_monitors set paused = :paused,
                    next_due_at = case when :paused then next_due_at
                                       when kind = 'heartbeat' then cast(:now as timestamptz) + (interval_ms + grace_ms) * interval '1 millisecond'
                                       else :now end,
                    state = case when :paused then state else 'up' end, failures = 0, successes = 0,
                    cause = case when :paused then cause else null end
                where name = :name""")
                .bind("name", name).bind("paused", paused).bind("now", now).execute() == 1;
    }

    /** A ping: the heartbeat's next deadline; empty when no heartbeat has this token. */
    public Optional<Claimed> ping(Handle h, byte[] tokenHash, Instant now) {
        return h.createQuery("""
                update statusstream_monitors m set last_seen_at = :now,
                    next_due_at = cast(:now as timestamptz) + (interval_ms + grace_ms) * interval '1 millisecond'
                where token_hash = :token and kind = 'heartbeat'
                returning *""")
                .bind("token", tokenHash).bind("now", now)
                .map((rs, ctx) -> new Claimed(monitor(rs, ctx), rs.getInt("failures"), rs.getInt("successes"),
                        rs.getTimestamp("next_due_at").toInstant()))
                .findOne();
    }

    /**
     * Leases up to {@code limit} due monitors to {@code node} until {@code leaseUntil}: monitors another
     * node holds are skipped, and a lease that ran out (its node died) is taken over.
     */
    public List<Claimed> claimDue(Handle h, String node, Instant now, int limit, Duration leaseMargin) {
        return h.createQuery("""
                with due as (
                    select name from statusstream_monitors
                    where not paused and next_due_at <= :now and (lease_until is null or lease_until < :now)
                    order by next_due_at limit :limit
                    for update skip locked)
                update statusstream_monitors m set lease_owner = :node,
                    lease_until = cast(:now as timestamptz) + (m.timeout_ms + :margin) * interval '1 millisecond'
                from due where m.name = due.name
                returning m.*""")
                .bind("now", now).bind("node", node).bind("limit", limit).bind("margin", leaseMargin.toMillis())
                .map((rs, ctx) -> new Claimed(monitor(rs, ctx), rs.getInt("failures"), rs.getInt("successes"),
                        rs.getTimestamp("next_due_at").toInstant()))
                .list();
    }

    /** When the first unpaused monitor may be claimed (due, and its lease over), if there is one. */
    public Optional<Instant> nextClaimable(Handle h) {
        return h.createQuery("""
                select min(greatest(next_due_at, lease_until)) from statusstream_monitors where not paused""")
                .mapTo(Timestamp.class).findOne().map(Timestamp::toInstant);
    }

    /**
     * Stores the outcome of a leased run, if the lease is still this node's.
     *
     * @return false when the lease was lost (another node took the monitor over): the outcome is dropped
     */
    public boolean finish(Handle h, String name, String node, Monitor.State state, int failures, int successes,
            String cause, Instant seenAt, Instant nextDue) {
        return h.createUpdate("""
                update statusstream_monitors set state = :state, failures = :failures, successes = :successes,
                    cause = :cause, last_seen_at = coalesce(:seen, last_seen_at), next_due_at = :next,
                    lease_owner = null, lease_until = null
                where name = :name and lease_owner = :node""")
                .bind("name", name).bind("node", node).bind("state", state.wireName()).bind("failures", failures)
                .bind("successes", successes).bind("cause", cause).bind("seen", seenAt).bind("next", nextDue)
                .execute() == 1;
    }

    /** A heartbeat whose deadline passed: down, unless a ping came in since it was claimed. */
    public boolean missedHeartbeat(Handle h, String name, String node, String cause, Instant now, Instant nextDue) {
        return h.createUpdate("""
                update statusstream_monitors set state = 'down', failures = failures + 1, successes = 0, cause = :cause,
                    next_due_at = :next, lease_owner = null, lease_until = null
                where name = :name and lease_owner = :node and next_due_at <= :now""")
                .bind("name", name).bind("node", node).bind("cause", cause).bind("now", now).bind("next", nextDue)
                .execute() == 1;
    }

    /** A heartbeat pinged again: up. */
    public void pinged(Handle h, String name) {
        h.createUpdate("update statusstream_monitors set state = 'up', failures = 0, successes = 1, cause = null where name = :name")
                .bind("name", name).execute();
    }

    public void recordResult(Handle h, String name, Instant at, boolean ok, int latencyMs, String error) {
        h.createUpdate("""
                insert into statusstream_check_results (monitor_name, at, ok, latency_ms, error)
                values (:name, :at, :ok, :latency, :error)""")
                .bind("name", name).bind("at", at).bind("ok", ok).bind("latency", latencyMs).bind("error", error)
                .execute();
        h.createUpdate("""
                insert into statusstream_check_hourly (monitor_name, hour, runs, failures, latency_sum_ms, latency_max_ms)
                values (:name, date_trunc('hour', cast(:at as timestamptz) at time zone 'UTC') at time zone 'UTC', 1, :failed, :latency, :latency)
                on conflict (monitor_name, hour) do update set runs = statusstream_check_hourly.runs + 1,
                    failures = statusstream_check_hourly.failures + excluded.failures,
                    latency_sum_ms = statusstream_check_hourly.latency_sum_ms + excluded.latency_sum_ms,
                    latency_max_ms = greatest(statusstream_check_hourly.latency_max_ms, excluded.latency_max_ms)""")
                .bind("name", name).bind("at", at).bind("failed", ok ? 0 : 1).bind("latency", latencyMs)
                .execute();
    }

    /**
     * Checks that have not run for three intervals (no node checking them) become unknown.
     *
     * @return the monitors that just became unknown
     */
    public List<Monitor> markStale(Handle h, Instant now) {
        return h.createQuery("""
                update statusstream_monitors set state = 'unknown', failures = 0, successes = 0,
                    cause = 'no check has run for three intervals'
                where kind <> 'heartbeat' and not paused and state <> 'unknown'
                  and coalesce(last_seen_at, created_at) < cast(:now as timestamptz) - 3 * interval_ms * interval '1 millisecond'
                returning *""")
                .bind("now", now).map(MonitorRepository::monitor).list();
    }

    /** Forgets results older than a day and hourly rollups older than 90 days. */
    public int cleanUp(Handle h, Instant now) {
        return h.createUpdate("delete from statusstream_check_results where at < :cutoff")
                .bind("cutoff", now.minus(Duration.ofDays(1))).execute()
                + h.createUpdate("delete from statusstream_check_hourly where hour < :cutoff")
                .bind("cutoff", now.minus(Duration.ofDays(90))).execute();
    }

    /** The monitors of a service that are down or unknown and not paused: what its automatic status comes from. */
    public List<Monitor> failing(Handle h, String serviceId) {
        return h.createQuery("""
                select * from statusstream_monitors where service_id = :service and not paused and state <> 'up'
                order by name""")
                .bind("service", serviceId).map(MonitorRepository::monitor).list();
    }

    /** Every service's check runs by hour, summed over its monitors. */
    public List<CheckHour> checkHours(Handle h, Instant from, Instant to) {
        return h.createQuery("""
                select m.service_id, c.hour, sum(c.runs) as runs, sum(c.failures) as failures,
                       sum(c.latency_sum_ms) as latency_sum, max(c.latency_max_ms) as latency_max
                from statusstream_check_hourly c join statusstream_monitors m on m.name = c.monitor_name
                where c.hour >= :from and c.hour < :to
                group by m.service_id, c.hour order by m.service_id, c.hour""")
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> new CheckHour(rs.getString("service_id"), rs.getTimestamp("hour").toInstant(), rs.getInt("runs"),
                        rs.getInt("failures"), rs.getLong("latency_sum"), rs.getInt("latency_max")))
                .list();
    }

    /** The latest run of each named monitor that ran in the last day (one index lookup each). */
    public Map<String, CheckResult> lastResults(Handle h, List<String> names) {
        Map<String, CheckResult> results = new LinkedHashMap<>();
        h.createQuery("""
                select r.* from unnest(cast(:names as text[])) as n(name)
                cross join lateral (select * from statusstream_check_results c where c.monitor_name = n.name
                                    order by c.at desc limit 1) r""")
                .bindArray("names", String.class, names.toArray(new String[0]))
                .map((rs, ctx) -> new CheckResult(rs.getString("monitor_name"), rs.getTimestamp("at").toInstant(), rs.getBoolean("ok"),
                        rs.getInt("latency_ms"), rs.getString("error")))
                .forEach(r -> results.put(r.monitor(), r));
        return results;
    }

    /** Every service's control. */
    public static Map<String, Control> controls(Handle h) {
        Map<String, Control> controls = new LinkedHashMap<>();
        h.createQuery("select id, control from statusstream_services order by id")
                .map((rs, ctx) -> Map.entry(rs.getString("id"), Control.parse(rs.getString("control"))))
                .forEach(e -> controls.put(e.getKey(), e.getValue()));
        return controls;
    }

    static Monitor monitor(ResultSet rs, StatementContext ctx) throws SQLException {
        Timestamp seen = rs.getTimestamp("last_seen_at");
        return new Monitor(rs.getString("name"), rs.getString("service_id"), Monitor.Kind.parse(rs.getString("kind")),
                rs.getString("target"), Duration.ofMillis(rs.getLong("interval_ms")), Duration.ofMillis(rs.getLong("grace_ms")),
                Duration.ofMillis(rs.getLong("timeout_ms")), rs.getInt("expect_from"), rs.getInt("expect_to"),
                rs.getString("body_contains"), rs.getInt("failures_to_down"), rs.getInt("successes_to_up"),
                Status.parse(rs.getString("down_status")), rs.getBoolean("paused"), Monitor.State.parse(rs.getString("state")),
                rs.getString("cause"), seen == null ? null : seen.toInstant(), rs.getTimestamp("created_at").toInstant());
    }
}

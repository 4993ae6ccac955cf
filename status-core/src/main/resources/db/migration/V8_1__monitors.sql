-- Monitors: heartbeats (a job pings a secret URL) and checks (HTTP or TCP, run by one node at a time).
create table statusstream_monitors (
    name             text        primary key,
    service_id       text        not null references statusstream_services (id) on delete cascade,
    kind             text        not null check (kind in ('heartbeat', 'http', 'tcp')),
    target           text,                                 -- the URL or host:port of a check
    interval_ms      bigint      not null,
    grace_ms         bigint      not null default 0,       -- heartbeats: how late a ping may be
    timeout_ms       bigint      not null default 5000,    -- checks
    expect_from      int         not null default 200,
    expect_to        int         not null default 299,
    body_contains    text,
    failures_to_down int         not null default 3,
    successes_to_up  int         not null default 1,
    down_status      text        not null default 'outage' check (down_status in ('outage', 'degraded')),
    token_hash       bytea       unique,                   -- heartbeats: SHA-256 of the push token, never the token
    paused           boolean     not null default false,
    state            text        not null default 'up' check (state in ('up', 'down', 'unknown')),
    failures         int         not null default 0,       -- consecutive
    successes        int         not null default 0,       -- consecutive
    cause            text,                                 -- why it is down or unknown
    last_seen_at     timestamptz,                          -- last ping, or last check run
    next_due_at      timestamptz not null,                 -- heartbeats: the deadline; checks: the next run
    lease_owner      text,                                 -- the node running it now
    lease_until      timestamptz,
    created_at       timestamptz not null
);
create index statusstream_monitors_due on statusstream_monitors (next_due_at) where not paused;
create index statusstream_monitors_by_service on statusstream_monitors (service_id);

-- Every check run, kept a day.
create table statusstream_check_results (
    monitor_name text        not null references statusstream_monitors (name) on delete cascade,
    at           timestamptz not null,
    ok           boolean     not null,
    latency_ms   int         not null,
    error        text
);
create index statusstream_check_results_by_monitor on statusstream_check_results (monitor_name, at);
create index statusstream_check_results_by_time on statusstream_check_results (at);

-- Check runs by hour, kept 90 days: the uptime bars and the response-time chart.
create table statusstream_check_hourly (
    monitor_name   text        not null references statusstream_monitors (name) on delete cascade,
    hour           timestamptz not null,
    runs           int         not null,
    failures       int         not null,
    latency_sum_ms bigint      not null,
    latency_max_ms int         not null,
    primary key (monitor_name, hour)
);

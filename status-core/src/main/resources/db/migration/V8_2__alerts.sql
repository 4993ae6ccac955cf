-- Alerts firing now, as monitoring tools (Alertmanager, Grafana) posted them; a resolved alert is deleted.
create table statusstream_alerts (
    source      text        not null,                  -- alertmanager or grafana
    fingerprint text        not null,
    service_id  text        not null references statusstream_services (id) on delete cascade,
    status      text        not null check (status in ('outage', 'degraded')),
    name        text        not null,
    summary     text,
    started_at  timestamptz not null,
    primary key (source, fingerprint)
);
create index statusstream_alerts_by_service on statusstream_alerts (service_id);

-- Incidents an alert opened by itself (an integration called with openIncidents=true). Automation
-- resolves such an incident when no alert fires on its service any more, unless someone else has
-- written to it since; a row stays until its incident is resolved.
create table statusstream_alert_incidents (
    slug       text        primary key references statusstream_incidents (slug) on delete cascade,
    service_id text        not null,
    source     text        not null,                  -- alertmanager or grafana: the actor that opened it
    opened_at  timestamptz not null
);
create index statusstream_alert_incidents_by_service on statusstream_alert_incidents (service_id);

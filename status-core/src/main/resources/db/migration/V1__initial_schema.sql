-- StatusStream schema, version 1.
-- Every write transaction bumps status_version first: the row lock serialises writers, so versions
-- follow commit order (a sequence would not: a transaction can take a lower number and commit later).

create table statusstream_status_version (
    singleton boolean primary key default true check (singleton),
    version   bigint  not null
);
insert into statusstream_status_version (singleton, version) values (true, 0);

-- One row per committed change, kept across restarts: resuming clients replay it.
create table statusstream_change_log (
    version      bigint      primary key,
    committed_at timestamptz not null,
    type         text        not null,
    subject      text        not null,
    data         json        not null  -- json, not jsonb: kept byte for byte as written
);

create table statusstream_services (
    id             text        primary key,
    category       text        not null default '',
    label          jsonb       not null,
    description    jsonb       not null default '{}',
    position       integer     not null,
    status         text        not null,
    status_summary jsonb       not null default '{}',
    status_since   timestamptz not null,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);

-- A row per status change of a service: history and the 90-day uptime bars.
create table statusstream_status_history (
    id         bigserial   primary key,
    service_id text        not null references statusstream_services (id) on delete cascade,
    status     text        not null,
    summary    jsonb       not null default '{}',
    started_at timestamptz not null,
    version    bigint      not null
);
create index statusstream_status_history_by_service on statusstream_status_history (service_id, started_at);

create table statusstream_incidents (
    id                     uuid        primary key,
    slug                   text        not null unique,
    kind                   text        not null,
    impact                 text        not null,
    state                  text        not null,
    affected_service_ids   text[]      not null default '{}',
    title                  jsonb       not null,
    description            jsonb       not null default '{}',
    cause                  jsonb,
    external_link          text,
    published_at           timestamptz not null,
    started_at             timestamptz not null,
    updated_at             timestamptz not null,
    resolved_at            timestamptz,
    estimated_resolve_date timestamptz,
    scheduled_for          timestamptz,
    scheduled_until        timestamptz
);
create index statusstream_incidents_by_resolved on statusstream_incidents (resolved_at);
create index statusstream_incidents_by_started on statusstream_incidents (started_at);

-- Append-only: an acknowledged update is never changed or deleted.
create table statusstream_incident_updates (
    id          uuid        primary key,
    incident_id uuid        not null references statusstream_incidents (id),
    status      text        not null,
    body        jsonb       not null,
    created_at  timestamptz not null,
    version     bigint      not null
);
create index statusstream_incident_updates_by_incident on statusstream_incident_updates (incident_id, version);

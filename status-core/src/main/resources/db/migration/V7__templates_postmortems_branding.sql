-- Incident templates: what a responder starts from at night. Behind the page: writing one changes no
-- version.
create table statusstream_incident_templates (
    name        text        primary key,
    title       jsonb       not null,
    body        jsonb       not null default '{}',
    impact      text        not null,
    service_ids text[]      not null default '{}',
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

-- A resolved incident's postmortem, shown on its page and in the APIs. Setting it is a change of the page.
alter table statusstream_incidents add column postmortem jsonb;
alter table statusstream_incidents add column postmortem_published_at timestamptz;
alter table statusstream_incidents add column postmortem_updated_at timestamptz;

-- Logo images, by the SHA-256 of their bytes (which is also their ETag): served from our own origin.
create table statusstream_logos (
    sha256       text        primary key,
    content_type text        not null,
    bytes        bytea       not null,
    created_at   timestamptz not null
);

-- The page's branding: one row, absent until first set.
create table statusstream_branding (
    singleton    boolean     primary key default true check (singleton),
    name         text,
    accent_color text,
    logo_sha256  text        references statusstream_logos (sha256),
    home_url     text,
    support_url  text,
    updated_at   timestamptz not null
);

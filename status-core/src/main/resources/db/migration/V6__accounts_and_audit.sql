-- Operators, named API tokens, console sessions, sign-in throttling, and the audit log.

-- Append-only: one row per write, from any path (console, admin API, CLI, library, scheduler).
create table statusstream_audit_log (
    id          bigserial   primary key,
    at          timestamptz not null,
    actor       text        not null,
    action      text        not null,
    target      text        not null default '',
    before      jsonb,
    after       jsonb,
    address     text,
    version     bigint      not null
);
create index statusstream_audit_log_by_actor on statusstream_audit_log (actor, id);
create index statusstream_audit_log_by_target on statusstream_audit_log (target, id);

create function statusstream_audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % is refused', tg_op;
end
$$;
create trigger statusstream_audit_log_append_only
    before update or delete on statusstream_audit_log
    for each row execute function statusstream_audit_log_is_append_only();
create trigger statusstream_audit_log_no_truncate
    before truncate on statusstream_audit_log
    for each statement execute function statusstream_audit_log_is_append_only();

create table statusstream_operators (
    name          text        primary key,
    role          text        not null check (role in ('viewer', 'responder', 'admin')),
    password_hash text,
    created_at    timestamptz not null
);

-- A one-time link to set an operator's password: only its SHA-256 is kept.
create table statusstream_password_links (
    digest     bytea       primary key,
    operator   text        not null references statusstream_operators (name) on delete cascade,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index statusstream_password_links_by_operator on statusstream_password_links (operator);

create table statusstream_api_tokens (
    name         text        primary key,
    role         text        not null check (role in ('viewer', 'responder', 'admin')),
    digest       bytea       not null unique,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Console sessions, kept here so that every node serves them; only the cookie's SHA-256 is kept.
create table statusstream_sessions (
    digest       bytea       primary key,
    operator     text        not null references statusstream_operators (name) on delete cascade,
    csrf         text        not null,
    created_at   timestamptz not null,
    last_seen_at timestamptz not null
);
create index statusstream_sessions_by_operator on statusstream_sessions (operator);

-- Failed sign-ins, by account and by address, shared by every node.
create table statusstream_signin_failures (
    key text        not null,
    at  timestamptz not null
);
create index statusstream_signin_failures_by_key on statusstream_signin_failures (key, at);

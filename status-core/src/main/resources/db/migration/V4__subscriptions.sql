-- Subscriptions: who is told of changes, and the outbox that tells them.
-- A change's own transaction writes its notification and one delivery per subscriber it concerns, so
-- a committed change is never without them and a refused one has none. Any node then claims deliveries
-- (FOR UPDATE SKIP LOCKED, with a lease) and hands each to the channel of its subscriber's kind.

create table statusstream_subscribers (
    id               uuid        primary key,
    kind             text        not null check (kind in ('webhook', 'slack', 'discord', 'email')),
    -- the URL (webhook, slack, discord) or the mail address; used for delivery only
    target           text        not null,
    -- the webhook's signing key (kept as given: it signs every body, so it cannot be hashed)
    secret           text,
    -- services the subscriber follows; null for the whole page
    service_ids      text[],
    -- whether service status changes made without an incident notify this subscriber
    service_changes  boolean     not null default false,
    language         text        not null,
    -- pending until confirmed (email double opt-in); disabled after failing for too long
    state            text        not null check (state in ('pending', 'active', 'disabled')),
    created_at       timestamptz not null,
    created_by       text        not null,
    confirmed_at     timestamptz,
    -- since when every delivery to it failed; null while it works
    failing_since    timestamptz,
    disabled_at      timestamptz,
    disabled_reason  text,
    -- email: a random per-subscriber key from which its unsubscribe and confirmation tokens are derived
    -- (rotating it invalidates every link sent so far)
    token_key        text,
    -- email: the hash of the single-use confirmation token (the token itself is only in the mail), and
    -- when the last confirmation mail was asked for (rate limits, expiry of unconfirmed subscriptions)
    confirm_token_hash text unique,
    confirm_sent_at  timestamptz
);
-- one subscription per mail address, whatever its case
create unique index statusstream_subscribers_email on statusstream_subscribers (lower(target)) where kind = 'email';
create index statusstream_subscribers_by_created on statusstream_subscribers (created_at, id);
create index statusstream_subscribers_pending on statusstream_subscribers (created_at) where state = 'pending';

-- One row per change that notifies (never one per node): what happened and the page as it was then.
create table statusstream_notifications (
    id          bigserial   primary key,
    -- incident.opened, incident.updated, incident.resolved, maintenance.scheduled, maintenance.updated,
    -- maintenance.started, maintenance.completed, maintenance.reminder, service.status
    event       text        not null,
    -- the incident's slug or the service's id
    subject     text        not null,
    -- the page version the change created; null for reminders, which change nothing
    version     bigint,
    -- the services it concerns; empty for the whole page
    service_ids text[]      not null default '{}',
    -- {"snapshot": <the page at that version>, "incident": ..., "service": ...}
    payload     json        not null,
    created_at  timestamptz not null,
    -- set for notifications that any node may decide to make (reminders): the second insert does nothing
    once_key    text        unique
);

-- One row per notification and subscriber. The id is the delivery id sent with every try.
create table statusstream_deliveries (
    id              uuid        primary key,
    notification_id bigint      not null references statusstream_notifications (id) on delete cascade,
    subscriber_id   uuid        not null references statusstream_subscribers (id) on delete cascade,
    state           text        not null check (state in ('queued', 'sending', 'sent', 'failed')),
    -- tries started so far
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    -- the node sending it, and until when its claim holds; another node takes it over after that
    lease_owner     text,
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    unique (notification_id, subscriber_id)
);
-- what a node claims: due and not held
create index statusstream_deliveries_due on statusstream_deliveries (next_attempt_at) where state in ('queued', 'sending');
create index statusstream_deliveries_by_subscriber on statusstream_deliveries (subscriber_id);

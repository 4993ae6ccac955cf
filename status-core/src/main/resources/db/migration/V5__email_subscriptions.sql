-- Email subscriptions: how many confirmation mails an address was sent in the current hour, so that
-- nobody can fill a stranger's mailbox by subscribing it again and again.
alter table statusstream_subscribers add column confirm_requests integer not null default 0;
alter table statusstream_subscribers add column confirm_window_start timestamptz;

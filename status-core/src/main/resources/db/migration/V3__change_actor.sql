-- Who asked for each change (library, scheduler, token:<name>, cli@<host>); empty for changes made
-- before it was recorded.
alter table statusstream_change_log add column actor text;

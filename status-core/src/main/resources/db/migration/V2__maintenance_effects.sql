-- While a maintenance window is active (inProgress or verifying), each affected service is set to
-- `maintenance`; a row here remembers what the service was before, to restore it when the window ends.
-- A row exists only while its window is active. Overlapping windows on one service: the later one
-- copies the earlier one's prior status, and only the last window to end restores it.
create table statusstream_maintenance_effects (
    incident_id    uuid   not null references statusstream_incidents (id),
    service_id     text   not null references statusstream_services (id) on delete cascade,
    prior_status   text   not null,
    prior_summary  jsonb  not null default '{}',
    applied_version bigint not null,
    primary key (incident_id, service_id)
);
create index statusstream_maintenance_effects_by_service on statusstream_maintenance_effects (service_id);

-- the maintenance scheduler asks "what is due next" on every tick
create index statusstream_incidents_open_maintenance on statusstream_incidents (state) where kind = 'maintenance';

-- Who sets a service's status. 'automatic': monitors and alerts may set it. 'manual': an operator set
-- it by hand, and automation leaves it alone until the operator hands it back.
alter table statusstream_services add column control text not null default 'automatic'
    check (control in ('automatic', 'manual'));

-- LookupEvents reads an account's records in two branches, each in index order: the records about the account
-- (audit_events_by_account), and those of its principals acting on another account. The second branch asks for
-- actor_account_id = $1 AND actor_account_id <> account_id; an index on every row's actor made it walk all of the
-- account's own records to find the few that act elsewhere (820 ms a page over a million records). This index holds
-- only the records whose actor is not the recipient.
DROP INDEX IF EXISTS audit_events_by_actor;
CREATE INDEX audit_events_by_foreign_actor ON audit_events (actor_account_id, event_time DESC, event_id DESC)
    WHERE actor_account_id <> account_id;

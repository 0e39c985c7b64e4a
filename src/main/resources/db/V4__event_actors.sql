-- Who made each IAM change and each revocation (the event envelope's actor, docs/events.md): CloudTrail's identity
-- type, the principal's ARN, the access key id it signed with (never a secret) and its account. Null for events
-- written before actors were recorded, and arn/key/account null for the operator's admin API and the service.
ALTER TABLE iam_events
    ADD COLUMN actor_type          text,
    ADD COLUMN actor_arn           text,
    ADD COLUMN actor_access_key_id text,
    ADD COLUMN actor_account_id    text;
ALTER TABLE revocations
    ADD COLUMN actor_type          text,
    ADD COLUMN actor_arn           text,
    ADD COLUMN actor_access_key_id text,
    ADD COLUMN actor_account_id    text;
-- The history of one entity reads its stream's events in log order (HistoryQueries).
CREATE INDEX iam_events_by_stream_offset ON iam_events (stream_id, partition, "offset");

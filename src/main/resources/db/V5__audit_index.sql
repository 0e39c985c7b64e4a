-- The audit index: the audit topic's records (docs/audit-events.md), one row each, for CloudTrail's LookupEvents,
-- GetAccessKeyLastUsed and the credential report. Range-partitioned by event time, one partition per UTC day,
-- created ahead by the indexer and dropped whole when older than the retention (OPENSTS_AUDIT_INDEX_RETENTION).
-- A row's (event_id, event_time) is unique: a record read twice is inserted once (ON CONFLICT DO NOTHING), on top
-- of the consumed offsets stored with the rows (audit_index_offsets, same transaction).
CREATE TABLE audit_events (
    event_time       timestamptz NOT NULL,
    event_id         text        NOT NULL,
    account_id       text        NOT NULL,  -- recipientAccountId (the record's key)
    actor_account_id text,                  -- userIdentity.accountId
    event_name       text        NOT NULL,
    event_source     text        NOT NULL,
    read_only        boolean     NOT NULL,
    username         text,
    access_key_id    text,                  -- userIdentity.accessKeyId
    region           text,
    resource_types   text[]      NOT NULL,
    resource_arns    text[]      NOT NULL,  -- each resource's ARN, in the order of resource_types
    resource_names   text[]      NOT NULL,  -- each resource's ARN and its name after the last '/'
    record           text        NOT NULL,  -- the CloudTrail record (schema version 2 data) as JSON text
    kafka_partition  integer     NOT NULL,
    kafka_offset     bigint      NOT NULL,
    PRIMARY KEY (event_id, event_time)
) PARTITION BY RANGE (event_time);
CREATE INDEX audit_events_by_account ON audit_events (account_id, event_time DESC, event_id DESC);
CREATE INDEX audit_events_by_actor ON audit_events (actor_account_id, event_time DESC, event_id DESC);
CREATE INDEX audit_events_by_name ON audit_events (account_id, event_name, event_time DESC);
CREATE INDEX audit_events_by_username ON audit_events (account_id, username, event_time DESC);
CREATE INDEX audit_events_by_source ON audit_events (account_id, event_source, event_time DESC);
CREATE INDEX audit_events_by_access_key ON audit_events (access_key_id, event_time DESC);
CREATE INDEX audit_events_by_resource_name ON audit_events USING gin (resource_names);
CREATE INDEX audit_events_by_resource_type ON audit_events USING gin (resource_types);

-- The indexer's consumed offsets per partition of the audit topic, written in the transaction of the rows they
-- cover: the consumer seeks to them when it is assigned a partition (Kafka's committed offsets are not used).
CREATE TABLE audit_index_offsets (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- Tamper evidence: one signed digest per window of event time, chained to the previous window's (AuditDigests).
CREATE TABLE audit_digests (
    window_start    timestamptz PRIMARY KEY,
    window_end      timestamptz NOT NULL,
    record_count    integer     NOT NULL,
    records_hash    text        NOT NULL,
    previous_digest text        NOT NULL,
    digest          text        NOT NULL,
    key_id          text        NOT NULL,
    signature       text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- The IAM read model: every aggregate's latest state, every event as applied, and the consumed
-- offsets, all written in one transaction per batch by the projector.
CREATE TABLE iam_aggregates (
    stream_id  text PRIMARY KEY,
    kind       text        NOT NULL,
    account_id text        NOT NULL,
    version    bigint      NOT NULL,
    state      jsonb,
    updated_at timestamptz NOT NULL
);
CREATE INDEX iam_aggregates_by_account ON iam_aggregates (account_id, kind);

CREATE TABLE iam_events (
    topic      text        NOT NULL,
    partition  integer     NOT NULL,
    "offset"   bigint      NOT NULL,
    event_id   text        NOT NULL,
    type       text        NOT NULL,
    stream_id  text        NOT NULL,
    account_id text        NOT NULL,
    event_time timestamptz NOT NULL,
    applied    boolean     NOT NULL,
    request_id text,
    data       jsonb       NOT NULL,
    PRIMARY KEY (topic, partition, "offset")
);
CREATE INDEX iam_events_by_stream ON iam_events (stream_id, event_time);

CREATE TABLE projector_offsets (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);

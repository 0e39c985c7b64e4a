-- Revocations of sessions, projected from the revocations topic like the IAM events (its offsets in
-- projector_offsets, in the same transaction). One row per revocation that can still match a valid session:
-- the projector deletes a row once expires_at has passed (no session it could match is valid by then).
CREATE TABLE revocations (
    revocation_id text        PRIMARY KEY,
    version       bigint      NOT NULL,
    account_id    text        NOT NULL,
    kind          text        NOT NULL,
    subject       text        NOT NULL,
    requested_issued_before timestamptz,  -- the IssuedBefore the caller gave (RoleArn only)
    effective_at  timestamptz NOT NULL,   -- its record's time on the topic: when it took effect
    issued_before timestamptz NOT NULL,   -- sessions issued before this are revoked (not consulted for accessKeyId)
    expires_at    timestamptz NOT NULL,
    event_time    timestamptz NOT NULL,
    request_id    text,
    topic         text        NOT NULL,
    partition     integer     NOT NULL,
    "offset"      bigint      NOT NULL
);
CREATE INDEX revocations_by_account ON revocations (account_id, kind);
CREATE INDEX revocations_by_expiry ON revocations (expires_at);

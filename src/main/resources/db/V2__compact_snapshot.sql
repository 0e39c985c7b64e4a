-- Each aggregate's state also in the compact binary form a starting replica reads (CompactStates): PostgreSQL
-- ships it as it is, where printing 100,000 jsonb states as text took over a second by itself. Rows written
-- before this migration have none; a replica reads their jsonb state and writes the compact form back.
ALTER TABLE iam_aggregates ADD COLUMN snapshot bytea;

package dev.opensts.app.consistency;

import dev.opensts.iam.AggregateState;
import java.util.Map;

/** Port: every aggregate of PostgreSQL's read model, in both stored forms. Blocking. */
public interface ReadModelRows {

    /** Every row, and the IAM projector's stored offsets, read together in one snapshot of the database. */
    ReadModel read();

    /**
     * The read model at one instant.
     *
     * @param rows        stream id to its row
     * @param nextOffsets per partition of the IAM topic, the offset of the first record not yet projected
     */
    record ReadModel(Map<String, Row> rows, Map<Integer, Long> nextOffsets) {
    }

    /**
     * One row of the read model.
     *
     * @param state            the state of record (the jsonb column), null for a deleted aggregate
     * @param snapshot         the compact form a starting replica loads, decoded; null when there is none or it was
     *                         written under another layout of the record (a replica then reads the jsonb state)
     * @param stateReadable    false when the jsonb state does not decode
     * @param snapshotReadable false when the compact form does not decode
     */
    record Row(long version, AggregateState state, AggregateState snapshot, boolean stateReadable,
               boolean snapshotReadable) {
        public Row(long version, AggregateState state, AggregateState snapshot) {
            this(version, state, snapshot, true, true);
        }
    }
}

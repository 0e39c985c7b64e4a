package dev.opensts.app.consistency;

import dev.opensts.iam.AggregateState;
import java.util.Map;

/** Port: every aggregate of PostgreSQL's read model, in both stored forms. Blocking. */
public interface ReadModelRows {

    /** Stream id to its row. */
    Map<String, Row> all();

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

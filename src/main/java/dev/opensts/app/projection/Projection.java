package dev.opensts.app.projection;

import dev.opensts.iam.Event;

import java.util.List;
import java.util.Map;

/**
 * The read model's port: materializes the events of one topic, with the consumed offsets in the same transaction,
 * so that a record read again (a rebalance, a retry after a failure) is recognised and skipped: exactly-once
 * materialization, whoever consumes the topic. The events apply under the version rule, so the result is also
 * idempotent per stream. Blocking: called on the projecting consumer's own thread.
 */
public interface Projection<E extends Event> {
    /** Per partition, the next offset to project, as the read model stored it; absent for a partition never seen. */
    Map<Integer, Long> nextOffsets();

    /**
     * Projects one partition's events in one transaction, with {@code nextOffset} as the partition's next offset
     * (it never goes back). An event below the stored next offset is skipped: it was projected already.
     *
     * @param events     the readable events of a batch, in offset order (an unreadable record is left out, but
     *                   counts in {@code nextOffset})
     * @param nextOffset one past the batch's last record
     */
    void project(int partition, List<Projected<E>> events, long nextOffset);
}

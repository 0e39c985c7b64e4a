package dev.opensts.adapter.postgres;

import dev.opensts.view.Stored;

import java.util.List;
import java.util.Map;

/**
 * A consistent read of the read model: every aggregate and, per partition, the next offset to consume.
 * {@code stale}: the aggregates read from their jsonb state, whose compact form is missing or of an older layout
 * ({@link SnapshotLoader#backfill}).
 */
public record Snapshot(Map<String, Stored> aggregates, Map<Integer, Long> nextOffsets, List<String> stale) {
}

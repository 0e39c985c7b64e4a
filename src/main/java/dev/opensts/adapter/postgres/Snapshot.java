package dev.opensts.adapter.postgres;

import dev.opensts.view.Versioned;

import java.util.Map;

/** A consistent read of the read model: every aggregate and, per partition, the next offset to consume. */
public record Snapshot(Map<String, Versioned> aggregates, Map<Integer, Long> nextOffsets) {
}

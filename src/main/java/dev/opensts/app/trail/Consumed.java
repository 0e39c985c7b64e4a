package dev.opensts.app.trail;

/**
 * One record of the audit topic as the indexer consumed it: where it was, and what it means for the index (null when
 * it could not be read: it is skipped, but its offset counts as consumed).
 */
public record Consumed(int partition, long offset, TrailEntry entry) {
}

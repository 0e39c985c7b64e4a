/**
 * Use-case layer: the consistency checker ({@link dev.opensts.app.consistency.ConsistencyCheck}), which compares
 * this replica's live view and PostgreSQL's read model with a fresh fold of the IAM event log, aggregate by
 * aggregate, and its revocation index with one rebuilt from the revocation topic. The log and the read model are
 * read through the ports {@link dev.opensts.app.consistency.EventLogReplay} and
 * {@link dev.opensts.app.consistency.ReadModelRows}.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.consistency;

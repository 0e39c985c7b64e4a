/**
 * Adapter: PostgreSQL, the queryable read model and the bootstrap of a replica. Schema migrations, the projection of
 * events into state rows (one transaction per batch with its offsets), and the snapshot a starting replica reads
 * (a compact binary column streamed through a cursor).
 *
 * <p>May import: the application layer, the view, the core, the settings, the Vert.x reactive PostgreSQL client.
 * Never another adapter nor the wiring. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.adapter.postgres;

/**
 * Use-case layer: the port through which the event topics are projected into the queryable read model
 * ({@link dev.opensts.app.projection.Projection}, fed by a consumer in the Kafka adapter, implemented by stores in
 * the PostgreSQL adapter), so that neither adapter knows the other.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.projection;

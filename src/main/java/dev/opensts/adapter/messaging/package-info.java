/**
 * Adapter: SmallRye Reactive Messaging. The audit indexer's consumer of the audit topic (an {@code @Incoming} channel
 * of the Kafka connector, configured from OpenStsConfig by the wiring), the reader that turns an audit record of
 * either schema version into what it means for the index, and the rebalance listener that resumes each partition
 * from the offsets stored with the index.
 *
 * <p>May import: the application layer, the core, the settings, SmallRye Reactive Messaging, the Kafka client,
 * Jackson, Mutiny. Never another adapter nor the wiring. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.adapter.messaging;

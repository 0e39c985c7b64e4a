/**
 * Adapter: Kafka. Codecs for the event topics (CloudEvents envelopes, docs/events.md) and the audit topic
 * (docs/audit-events.md); logs that implement the application layer's append ports; feeders that consume the topics
 * into the view on every replica.
 *
 * <p>May import: the application layer, the view, the core, the settings, the Kafka client, Jackson, Mutiny. Never
 * another adapter nor the wiring. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.adapter.kafka;

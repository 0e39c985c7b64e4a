package dev.opensts.app.projection;

import dev.opensts.iam.Event;
import dev.opensts.iam.EventEnvelope;

import java.time.Instant;

/**
 * One event as read from its topic, for the read model: where it was (partition and offset) and its record's time
 * on the topic (for a revocation, when it took effect).
 */
public record Projected<E extends Event>(int partition, long offset, Instant recordTime, EventEnvelope<E> envelope) {
}

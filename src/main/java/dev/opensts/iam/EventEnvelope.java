package dev.opensts.iam;

import java.time.Instant;

/**
 * One event as it travels through Kafka: the event, the aggregate version it expects to follow,
 * and where it came from. Applied only when the aggregate is at {@code expectedVersion}; skipped
 * otherwise, by every replica and the projector alike, so all reach the same state.
 */
public record EventEnvelope(String id, String streamId, long expectedVersion, Instant time, String source,
                            String requestId, IamEvent event) {
    public String type() {
        return "dev.opensts.iam." + event.getClass().getSimpleName();
    }
}

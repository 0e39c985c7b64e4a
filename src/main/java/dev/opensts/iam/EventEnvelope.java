package dev.opensts.iam;

import java.time.Instant;

/**
 * One event as it travels through Kafka, whatever its topic: the event, the version of its stream it expects to
 * follow, and where it came from. Applied only when the stream is at {@code expectedVersion} ({@link VersionRule});
 * skipped otherwise, by every replica and the projector alike, so all reach the same state.
 */
public record EventEnvelope<E extends Event>(String id, String streamId, long expectedVersion, Instant time,
                                             String source, String requestId, E event) {
    public String type() {
        return event.type();
    }
}

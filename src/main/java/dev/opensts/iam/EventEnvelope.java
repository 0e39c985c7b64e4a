package dev.opensts.iam;

import java.time.Instant;

/**
 * One event as it travels through Kafka, whatever its topic: the event, the version of its stream it expects to
 * follow, and where it came from: the replica ({@code source}), the API request ({@code requestId}) and who made it
 * ({@code actor}; null in events written before actors were recorded). Applied only when the stream is at
 * {@code expectedVersion} ({@link VersionRule}); skipped otherwise, by every replica and the projector alike, so all
 * reach the same state.
 */
public record EventEnvelope<E extends Event>(String id, String streamId, long expectedVersion, Instant time,
                                             String source, String requestId, Actor actor, E event) {
    /** An envelope without an actor (an event written before actors were recorded, or a test's given event). */
    public EventEnvelope(String id, String streamId, long expectedVersion, Instant time, String source,
                         String requestId, E event) {
        this(id, streamId, expectedVersion, time, source, requestId, null, event);
    }

    public String type() {
        return event.type();
    }
}

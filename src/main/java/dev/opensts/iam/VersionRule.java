package dev.opensts.iam;

/**
 * ADR-1's rule, the one place it is written: an event applies only when its stream is at the version the event
 * expects to follow, and then the stream's version becomes one more. Otherwise it is skipped and changes nothing.
 * The live view, the revocation index and the PostgreSQL projection all apply it, so every reader of one ordered
 * partition reaches the same state, and replaying a partition (a redelivery, a duplicate) changes nothing.
 */
public final class VersionRule {
    /** A stream no event has been applied to. */
    public static final long INITIAL = 0;

    private VersionRule() {
    }

    /** Whether an event that expects {@code expected} applies to a stream at version {@code current}. */
    public static boolean applies(long current, long expected) {
        return current == expected;
    }

    /** Whether the envelope's event applies to its stream at version {@code current}. */
    public static boolean applies(long current, EventEnvelope<?> envelope) {
        return applies(current, envelope.expectedVersion());
    }

    /** The stream's version after an event applied at {@code current}. */
    public static long next(long current) {
        return current + 1;
    }
}

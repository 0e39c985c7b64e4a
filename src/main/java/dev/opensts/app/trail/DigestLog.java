package dev.opensts.app.trail;

import io.smallrye.mutiny.Uni;

/**
 * Where the audit index's signed digests are published beside PostgreSQL (the digest topic), so that a copy lives
 * outside the database whose rows they vouch for: whoever can alter the index cannot also rewrite what auditors
 * have already read from the topic.
 */
public interface DigestLog {
    /** Completes once the digest is durable; publishing one window again is harmless (one per window is kept). */
    Uni<Void> publish(Digest digest);

    /** Publishes nothing: for a deployment that keeps its digests in PostgreSQL only (tests). */
    DigestLog NONE = d -> Uni.createFrom().voidItem();
}

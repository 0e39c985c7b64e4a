package dev.opensts.app.trail;

import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The audit indexer's use case: stores what the consumer read with its offsets, keeping only the retention's worth
 * (OPENSTS_AUDIT_INDEX_RETENTION), and drops what has aged out of it.
 */
public final class AuditIndexer {
    private final AuditIndex index;
    private final Clock clock;
    private final Duration retention;

    public AuditIndexer(AuditIndex index, Clock clock, Duration retention) {
        this.index = index;
        this.clock = clock;
        this.retention = retention;
    }

    /** Where the consumer resumes each partition: the offsets stored with the rows. */
    public Uni<Map<Integer, Long>> nextOffsets() {
        return index.nextOffsets();
    }

    /** One batch, in one transaction with its partitions' next offsets. */
    public Uni<Void> index(List<Consumed> batch, Map<Integer, Long> nextOffsets) {
        return index.store(batch, nextOffsets, clock.instant().minus(retention));
    }

    /** Drops the days older than the retention; answers how many. */
    public Uni<Integer> enforceRetention() {
        return index.dropBefore(clock.instant().minus(retention));
    }
}

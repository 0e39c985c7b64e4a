package dev.opensts.app.trail;

import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The audit index's port: the store the indexer writes and the lookups read. */
public interface AuditIndex {

    /** Per partition of the audit topic, the next offset to index, as stored with the rows. */
    Uni<Map<Integer, Long>> nextOffsets();

    /**
     * Stores a batch in one transaction with each partition's next offset (which never goes back): a record below its
     * partition's stored next offset was indexed already and is skipped, and a record whose event id is indexed
     * already is not inserted again. Records older than {@code keepFrom} are not indexed (the retention).
     *
     * @param nextOffsets per partition, one past the batch's last record
     */
    Uni<Void> store(List<Consumed> batch, Map<Integer, Long> nextOffsets, Instant keepFrom);

    /** Drops the days wholly before {@code cutoff}; answers how many. */
    Uni<Integer> dropBefore(Instant cutoff);

    /** The entries of one account that match the query, newest first, at most {@code query.limit()}. */
    Uni<List<TrailEntry>> lookup(Lookup query);

    /** The latest use of each of the given access keys (absent: never used as far as the index knows). */
    Uni<Map<String, LastUsed>> lastUsed(Collection<String> accessKeyIds);

    /** What LookupEvents asks the index. */
    record Lookup(String accountId, LookupAttribute attribute, Instant startTime, Instant endTime, int limit,
                  Cursor after) {
    }

    /** Where a page ended: the last entry's time and id (pages go from the newest to the oldest). */
    record Cursor(Instant eventTime, String eventId) {
    }

    /** The latest record made with an access key. */
    record LastUsed(Instant time, String eventSource, String region) {
    }
}

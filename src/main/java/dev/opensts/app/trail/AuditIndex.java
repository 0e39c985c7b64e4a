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

    /** The rows whose event time is in [from, to), in index order (event time, then event id). */
    Uni<List<IndexedRecord>> records(Instant from, Instant to);

    /** The oldest indexed event time, or null when the index is empty. */
    Uni<Instant> earliestEventTime();

    /** The latest digest, or null when there is none. */
    Uni<Digest> lastDigest();

    /** Stores a window's digest unless that window has one already; answers whether it was stored. */
    Uni<Boolean> storeDigest(Digest digest);

    /** The digests of the windows that overlap [from, to), in window order. */
    Uni<List<Digest>> digests(Instant from, Instant to);

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

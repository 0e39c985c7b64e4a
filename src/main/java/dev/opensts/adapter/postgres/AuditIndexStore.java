package dev.opensts.adapter.postgres;

import dev.opensts.app.trail.AuditIndex;
import dev.opensts.app.trail.Consumed;
import dev.opensts.app.trail.Digest;
import dev.opensts.app.trail.IndexedRecord;
import dev.opensts.app.trail.LookupAttribute;
import dev.opensts.app.trail.TrailEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit index in PostgreSQL (V5__audit_index.sql): audit_events, range-partitioned by UTC day, and the indexer's
 * offsets in audit_index_offsets, written in the transaction of the rows they cover. A day's partition is created
 * (in a short transaction of its own, serialized across replicas on an advisory lock) before the first row of that day
 * is written, and dropped whole once the day is past the retention.
 */
public final class AuditIndexStore implements AuditIndex {
    private static final Logger LOG = Logger.getLogger(AuditIndexStore.class);
    private static final long PARTITION_LOCK = 0x0_a0d1_7L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String PREFIX = "audit_events_p";
    private static final String COLUMNS = "event_time, event_id, account_id, actor_account_id, event_name,"
            + " event_source, read_only, username, access_key_id, region, resource_types, resource_arns,"
            + " resource_names, record";

    private final Pool pool;
    private final String topic;
    /** The days whose partition this replica knows exists. */
    private final Set<LocalDate> days = ConcurrentHashMap.newKeySet();

    public AuditIndexStore(Pool pool, String topic) {
        this.pool = pool;
        this.topic = topic;
    }

    @Override
    public Uni<Map<Integer, Long>> nextOffsets() {
        return pool.preparedQuery("SELECT partition, next_offset FROM audit_index_offsets WHERE topic = $1")
                .execute(Tuple.of(topic)).map(rows -> {
                    var result = new HashMap<Integer, Long>();
                    for (Row row : rows) {
                        result.put(row.getInteger("partition"), row.getLong("next_offset"));
                    }
                    return Map.copyOf(result);
                });
    }

    @Override
    public Uni<Void> store(List<Consumed> batch, Map<Integer, Long> nextOffsets, Instant keepFrom) {
        var needed = new TreeSet<LocalDate>();
        for (Consumed c : batch) {
            if (c.entry() != null && !c.entry().eventTime().isBefore(keepFrom)) {
                LocalDate day = day(c.entry().eventTime());
                if (!days.contains(day)) {
                    needed.add(day);
                }
            }
        }
        Uni<Void> partitions = needed.isEmpty() ? Uni.createFrom().voidItem() : createPartitions(needed);
        return partitions.flatMap(v -> pool.withTransaction(conn -> write(conn, batch, nextOffsets, keepFrom)));
    }

    private Uni<Void> write(SqlConnection conn, List<Consumed> batch, Map<Integer, Long> nextOffsets,
                            Instant keepFrom) {
        List<Integer> partitions = new ArrayList<>(new TreeSet<>(nextOffsets.keySet()));
        // the offset rows are locked first: an earlier owner of a partition may still be writing it
        return conn.preparedQuery("INSERT INTO audit_index_offsets (topic, partition, next_offset)"
                        + " SELECT $1, p, 0 FROM unnest($2::integer[]) AS p ON CONFLICT DO NOTHING")
                .execute(Tuple.of(topic, partitions.toArray(Integer[]::new)))
                .flatMap(r -> conn.preparedQuery("SELECT partition, next_offset FROM audit_index_offsets"
                                + " WHERE topic = $1 AND partition = ANY($2::integer[]) ORDER BY partition FOR UPDATE")
                        .execute(Tuple.of(topic, partitions.toArray(Integer[]::new))))
                .flatMap(rows -> {
                    var stored = new HashMap<Integer, Long>();
                    rows.forEach(row -> stored.put(row.getInteger("partition"), row.getLong("next_offset")));
                    var inserts = new ArrayList<Tuple>();
                    for (Consumed c : batch) {
                        TrailEntry e = c.entry();
                        if (e != null && c.offset() >= stored.getOrDefault(c.partition(), 0L)
                                && !e.eventTime().isBefore(keepFrom)) {
                            inserts.add(tuple(c, e));
                        }
                    }
                    Uni<?> insert = inserts.isEmpty() ? Uni.createFrom().voidItem()
                            : conn.preparedQuery("INSERT INTO audit_events (" + COLUMNS + ", kafka_partition,"
                                    + " kafka_offset) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
                                    + " $14, $15, $16) ON CONFLICT DO NOTHING").executeBatch(inserts);
                    var offsets = new ArrayList<Tuple>();
                    nextOffsets.forEach((p, next) -> offsets.add(Tuple.of(topic, p, next)));
                    return insert.flatMap(x -> conn.preparedQuery("UPDATE audit_index_offsets SET next_offset ="
                                    + " GREATEST(next_offset, $3) WHERE topic = $1 AND partition = $2")
                            .executeBatch(offsets)).replaceWithVoid();
                });
    }

    private static Tuple tuple(Consumed c, TrailEntry e) {
        String[] types = e.resources().stream().map(TrailEntry.Resource::type).toArray(String[]::new);
        String[] arns = e.resources().stream().map(TrailEntry.Resource::arn).toArray(String[]::new);
        var names = new TreeSet<String>();
        for (TrailEntry.Resource r : e.resources()) {
            if (r.arn() != null) {
                names.add(r.arn());
                names.add(r.name());
            }
        }
        return Tuple.from(Arrays.asList(utc(e.eventTime()), e.eventId(), e.accountId(), e.actorAccountId(),
                e.eventName(), e.eventSource(), e.readOnly(), e.username(), e.accessKeyId(), e.region(), types, arns,
                names.toArray(String[]::new), e.record(), c.partition(), c.offset()));
    }

    private Uni<Void> createPartitions(Collection<LocalDate> needed) {
        return pool.withTransaction(conn -> {
            Uni<?> chain = conn.query("SELECT pg_advisory_xact_lock(" + PARTITION_LOCK + ")").execute();
            for (LocalDate day : needed) {
                String name = PREFIX + DAY.format(day);
                chain = chain.flatMap(x -> conn.query("CREATE TABLE IF NOT EXISTS " + name
                        + " PARTITION OF audit_events FOR VALUES FROM ('" + day + "T00:00:00Z') TO ('"
                        + day.plusDays(1) + "T00:00:00Z')").execute());
            }
            return chain.replaceWithVoid();
        }).invoke(() -> days.addAll(needed));
    }

    @Override
    public Uni<Integer> dropBefore(Instant cutoff) {
        LocalDate firstKept = day(cutoff);
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + PARTITION_LOCK + ")")
                .execute()
                .flatMap(x -> conn.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'audit_events'::regclass").execute())
                .flatMap(rows -> {
                    var old = new ArrayList<String>();
                    for (Row row : rows) {
                        String name = row.getString("relname");
                        if (name.startsWith(PREFIX)
                                && LocalDate.parse(name.substring(PREFIX.length()), DAY).isBefore(firstKept)) {
                            old.add(name);
                        }
                    }
                    Uni<?> chain = Uni.createFrom().voidItem();
                    for (String name : old) {
                        chain = chain.flatMap(v -> conn.query("DROP TABLE " + name).execute());
                    }
                    return chain.map(v -> {
                        days.removeIf(d -> d.isBefore(firstKept));
                        if (!old.isEmpty()) {
                            LOG.infof("audit index: dropped %d day partitions before %s", old.size(), firstKept);
                        }
                        return old.size();
                    });
                }));
    }

    @Override
    public Uni<List<TrailEntry>> lookup(Lookup q) {
        // the records about the account and those of its principals acting on another account, each branch read in
        // index order (account_id or actor_account_id, event_time DESC, event_id DESC) and cut at the limit, then
        // merged: one "account_id = $1 OR actor_account_id = $1" condition would have PostgreSQL sort every
        // matching row of the range for each page (820 ms over a million records, docs/performance.md)
        var sql = new StringBuilder(" AND event_time >= $2 AND event_time <= $3");
        var args = new ArrayList<Object>(List.of(q.accountId(), utc(q.startTime()), utc(q.endTime())));
        if (q.attribute() != null) {
            LookupAttribute a = q.attribute();
            String value = a.value();
            Object arg = value;
            String clause = switch (a.key()) {
                case EventId -> "event_id = $";
                case EventName -> "event_name = $";
                case ReadOnly -> {
                    arg = Boolean.parseBoolean(value);
                    yield "read_only = $";
                }
                case Username -> "username = $";
                case ResourceType -> {
                    arg = new String[] {value};
                    yield "resource_types @> $";
                }
                case ResourceName -> {
                    arg = new String[] {value};
                    yield "resource_names @> $";
                }
                case EventSource -> "event_source = $";
                case AccessKeyId -> "access_key_id = $";
            };
            args.add(arg);
            sql.append(" AND ").append(clause).append(args.size());
        }
        if (q.after() != null) {
            args.add(utc(q.after().eventTime()));
            args.add(q.after().eventId());
            sql.append(" AND (event_time, event_id) < ($").append(args.size() - 1).append(", $").append(args.size())
                    .append(')');
        }
        String order = " ORDER BY event_time DESC, event_id DESC LIMIT " + q.limit();
        String query = "SELECT " + COLUMNS + " FROM ((SELECT " + COLUMNS + " FROM audit_events WHERE account_id = $1"
                + sql + order + ") UNION ALL (SELECT " + COLUMNS + " FROM audit_events WHERE actor_account_id = $1"
                + " AND actor_account_id <> account_id" + sql + order + ")) AS found" + order;
        return pool.preparedQuery(query).execute(Tuple.from(args)).map(rows -> {
            var result = new ArrayList<TrailEntry>();
            for (Row row : rows) {
                result.add(entry(row));
            }
            return List.copyOf(result);
        });
    }

    private static TrailEntry entry(Row row) {
        String[] types = row.getArrayOfStrings("resource_types");
        String[] arns = row.getArrayOfStrings("resource_arns");
        var resources = new ArrayList<TrailEntry.Resource>();
        for (int i = 0; i < types.length; i++) {
            resources.add(new TrailEntry.Resource(types[i], i < arns.length ? arns[i] : null));
        }
        return new TrailEntry(row.getString("event_id"), row.getOffsetDateTime("event_time").toInstant(),
                row.getString("account_id"), row.getString("actor_account_id"), row.getString("event_name"),
                row.getString("event_source"), row.getBoolean("read_only"), row.getString("username"),
                row.getString("access_key_id"), row.getString("region"), resources, row.getString("record"));
    }

    @Override
    public Uni<Map<String, LastUsed>> lastUsed(Collection<String> accessKeyIds) {
        if (accessKeyIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT DISTINCT ON (access_key_id) access_key_id, event_time, event_source, region"
                        + " FROM audit_events WHERE access_key_id = ANY($1) ORDER BY access_key_id, event_time DESC")
                .execute(Tuple.of(accessKeyIds.toArray(String[]::new))).map(rows -> {
                    var result = new HashMap<String, LastUsed>();
                    for (Row row : rows) {
                        result.put(row.getString("access_key_id"), new LastUsed(
                                row.getOffsetDateTime("event_time").toInstant(), row.getString("event_source"),
                                row.getString("region")));
                    }
                    return Map.copyOf(result);
                });
    }

    @Override
    public Uni<List<IndexedRecord>> records(Instant from, Instant to) {
        return pool.preparedQuery("SELECT event_id, event_time, record FROM audit_events WHERE event_time >= $1"
                        + " AND event_time < $2 ORDER BY event_time, event_id")
                .execute(Tuple.of(utc(from), utc(to))).map(rows -> {
                    var result = new ArrayList<IndexedRecord>();
                    for (Row row : rows) {
                        result.add(new IndexedRecord(row.getString("event_id"),
                                row.getOffsetDateTime("event_time").toInstant(), row.getString("record")));
                    }
                    return List.copyOf(result);
                });
    }

    @Override
    public Uni<Instant> earliestEventTime() {
        return pool.query("SELECT min(event_time) AS t FROM audit_events").execute().map(rows -> {
            OffsetDateTime t = rows.iterator().next().getOffsetDateTime("t");
            return t == null ? null : t.toInstant();
        });
    }

    private static final String DIGEST_COLUMNS = "window_start, window_end, record_count, records_hash,"
            + " previous_digest, digest, key_id, signature";

    @Override
    public Uni<Digest> lastDigest() {
        return pool.query("SELECT " + DIGEST_COLUMNS + " FROM audit_digests ORDER BY window_start DESC LIMIT 1")
                .execute().map(rows -> rows.size() == 0 ? null : digest(rows.iterator().next()));
    }

    @Override
    public Uni<Boolean> storeDigest(Digest d) {
        return pool.preparedQuery("INSERT INTO audit_digests (" + DIGEST_COLUMNS + ") VALUES ($1, $2, $3, $4, $5,"
                        + " $6, $7, $8) ON CONFLICT (window_start) DO NOTHING")
                .execute(Tuple.from(Arrays.asList(utc(d.windowStart()), utc(d.windowEnd()), d.recordCount(),
                        d.recordsHash(), d.previousDigest(), d.digest(), d.keyId(), d.signature())))
                .map(r -> r.rowCount() == 1);
    }

    @Override
    public Uni<List<Digest>> digests(Instant from, Instant to) {
        return pool.preparedQuery("SELECT " + DIGEST_COLUMNS + " FROM audit_digests WHERE window_end > $1"
                        + " AND window_start < $2 ORDER BY window_start")
                .execute(Tuple.of(utc(from), utc(to))).map(rows -> {
                    var result = new ArrayList<Digest>();
                    for (Row row : rows) {
                        result.add(digest(row));
                    }
                    return List.copyOf(result);
                });
    }

    private static Digest digest(Row row) {
        return new Digest(row.getOffsetDateTime("window_start").toInstant(),
                row.getOffsetDateTime("window_end").toInstant(), row.getInteger("record_count"),
                row.getString("records_hash"), row.getString("previous_digest"), row.getString("digest"),
                row.getString("key_id"), row.getString("signature"));
    }

    static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}

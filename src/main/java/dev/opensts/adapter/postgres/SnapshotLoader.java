package dev.opensts.adapter.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.view.Stored;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedStatement;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the read model in one repeatable-read transaction, so that the aggregates and the offsets
 * agree: a replica starts from these and consumes Kafka from the offsets on.
 *
 * <p>The states come from the compact snapshot column ({@link CompactStates}), streamed through a cursor in
 * batches that a pool of one thread per core decodes while the next batch is fetched; roles and managed
 * policies stay in that form until the view first reads them ({@link dev.opensts.view.DeferredState}). A row without a compact
 * form of today's layout (written before the column existed, or under an older layout of its record) is read
 * from its jsonb state in the same transaction; {@link #backfill} writes the compact form of those afterwards.
 */
public final class SnapshotLoader {
    private static final Logger LOG = Logger.getLogger(SnapshotLoader.class);
    /** Rows per fetch: about 1.5 MB of roles, so no fetch makes the client buffer a large result. */
    static final int FETCH = 1_000;

    private SnapshotLoader() {
    }

    /** Blocking: call from a worker thread at start. */
    public static Snapshot load(Pool pool, ObjectMapper json, String topic) {
        long t0 = System.nanoTime();
        StateCodec codec = new StateCodec(json);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService decoders = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("opensts-snapshot-decoder-", 0).daemon().factory());
        SqlConnection conn = pool.getConnection().await().indefinitely();
        try {
            var tx = conn.begin().await().indefinitely();
            conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute().await().indefinitely();
            var offsets = new HashMap<Integer, Long>();
            for (Row row : conn.preparedQuery("SELECT partition, next_offset FROM projector_offsets WHERE topic = $1")
                    .execute(Tuple.of(topic)).await().indefinitely()) {
                offsets.put(row.getInteger("partition"), row.getLong("next_offset"));
            }
            var batches = new ArrayList<Future<Decoded>>();
            stream(conn, "SELECT stream_id, kind, version, snapshot, state IS NULL AS deleted"
                    + " FROM iam_aggregates", Tuple.tuple(), rows -> batches.add(decoders.submit(() -> compact(rows))));
            var aggregates = new HashMap<String, Stored>(Math.max(16, batches.size() * FETCH * 4 / 3));
            var stale = new ArrayList<String>();
            long bytes = 0;
            for (Future<Decoded> batch : batches) {
                Decoded d = join(batch);
                bytes += d.bytes;
                for (int i = 0; i < d.ids.size(); i++) {
                    aggregates.put(d.ids.get(i), d.states.get(i));
                }
                stale.addAll(d.stale);
            }
            long compactMillis = (System.nanoTime() - t0) / 1_000_000;
            if (!stale.isEmpty()) {
                var jsonBatches = new ArrayList<Future<Decoded>>();
                stream(conn, "SELECT stream_id, kind, version, state::text AS state FROM iam_aggregates"
                                + " WHERE stream_id = ANY($1)", Tuple.tuple().addArrayOfString(stale.toArray(String[]::new)),
                        rows -> jsonBatches.add(decoders.submit(() -> fromJson(codec, rows))));
                for (Future<Decoded> batch : jsonBatches) {
                    Decoded d = join(batch);
                    for (int i = 0; i < d.ids.size(); i++) {
                        aggregates.put(d.ids.get(i), d.states.get(i));
                    }
                }
            }
            tx.commit().await().indefinitely();
            LOG.infof("snapshot read: %d aggregates (%d bytes compact, %d from jsonb) in %d ms (compact part %d ms,"
                            + " %d decoder threads)", aggregates.size(), bytes, stale.size(),
                    (System.nanoTime() - t0) / 1_000_000, compactMillis, threads);
            return new Snapshot(aggregates, offsets, List.copyOf(stale));
        } finally {
            decoders.shutdownNow();
            conn.close().await().indefinitely();
        }
    }

    /**
     * Writes the compact form of the given aggregates of the snapshot, each only while the row is still at the
     * version the snapshot read (else the projector has written a newer one). Best effort; blocking.
     */
    public static void backfill(Pool pool, Snapshot snapshot) {
        if (snapshot.stale().isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        int written = 0;
        var batch = new ArrayList<Tuple>();
        for (String id : snapshot.stale()) {
            Stored v = snapshot.aggregates().get(id);
            byte[] compact = v == null ? null : StateCodec.compact(v.state());
            if (compact == null) {
                continue;
            }
            batch.add(Tuple.of(Buffer.buffer(compact), id, v.version()));
            if (batch.size() == FETCH) {
                written += update(pool, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            written += update(pool, batch);
        }
        LOG.infof("wrote the compact form of %d aggregates read from jsonb in %d ms", written,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static int update(Pool pool, List<Tuple> batch) {
        RowSet<Row> result = pool.preparedQuery(
                        "UPDATE iam_aggregates SET snapshot = $1 WHERE stream_id = $2 AND version = $3")
                .executeBatch(batch).await().indefinitely();
        int written = 0;
        for (RowSet<Row> r = result; r != null; r = r.next()) {
            written += r.rowCount();
        }
        return written;
    }

    /** Runs the query through a cursor, handing each fetched batch of rows on. */
    private static void stream(SqlConnection conn, String sql, Tuple args, java.util.function.Consumer<RowSet<Row>> sink) {
        PreparedStatement statement = conn.prepare(sql).await().indefinitely();
        Cursor cursor = statement.cursor(args);
        try {
            do {
                sink.accept(cursor.read(FETCH).await().indefinitely());
            } while (cursor.hasMore());
        } finally {
            cursor.close().await().indefinitely();
            statement.close().await().indefinitely();
        }
    }

    private record Decoded(List<String> ids, List<Stored> states, List<String> stale, long bytes) {
    }

    private static Decoded compact(RowSet<Row> rows) {
        var ids = new ArrayList<String>(rows.size());
        var states = new ArrayList<Stored>(rows.size());
        var stale = new ArrayList<String>();
        long bytes = 0;
        for (Row row : rows) {
            String id = row.getString(0);
            long version = row.getLong(2);
            var buffer = row.getBuffer(3);
            Stored stored = null;
            if (buffer != null) {
                byte[] compact = buffer.getBytes();
                bytes += compact.length;
                stored = StateCodec.readCompactDeferred(row.getString(1), version, compact);
            }
            if (stored == null && !row.getBoolean(4)) {
                stale.add(id); // no compact form of today's layout: read from jsonb
                continue;
            }
            ids.add(id);
            states.add(stored != null ? stored : Stored.of(version, null));
        }
        return new Decoded(ids, states, stale, bytes);
    }

    private static Decoded fromJson(StateCodec codec, RowSet<Row> rows) {
        var ids = new ArrayList<String>(rows.size());
        var states = new ArrayList<Stored>(rows.size());
        for (Row row : rows) {
            ids.add(row.getString(0));
            states.add(Stored.of(row.getLong(2), codec.read(row.getString(1), row.getString(3))));
        }
        return new Decoded(ids, states, List.of(), 0);
    }

    private static Decoded join(Future<Decoded> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the snapshot", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}

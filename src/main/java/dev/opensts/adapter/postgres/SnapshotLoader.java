package dev.opensts.adapter.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.view.Versioned;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.HashMap;

/**
 * Reads the read model in one repeatable-read transaction, so that the aggregates and the offsets
 * agree: a replica starts from these and consumes Kafka from the offsets on.
 */
public final class SnapshotLoader {
    private SnapshotLoader() {
    }

    /** Blocking: call from a worker thread at start. */
    public static Snapshot load(Pool pool, ObjectMapper json, String topic) {
        StateCodec codec = new StateCodec(json);
        SqlConnection conn = pool.getConnection().await().indefinitely();
        try {
            var tx = conn.begin().await().indefinitely();
            conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute().await().indefinitely();
            var aggregates = new HashMap<String, Versioned>();
            for (Row row : conn.query("SELECT stream_id, kind, version, state::text AS state FROM iam_aggregates")
                    .execute().await().indefinitely()) {
                aggregates.put(row.getString("stream_id"), new Versioned(row.getLong("version"),
                        codec.read(row.getString("kind"), row.getString("state")), null));
            }
            var offsets = new HashMap<Integer, Long>();
            for (Row row : conn.preparedQuery("SELECT partition, next_offset FROM projector_offsets WHERE topic = $1")
                    .execute(Tuple.of(topic)).await().indefinitely()) {
                offsets.put(row.getInteger("partition"), row.getLong("next_offset"));
            }
            tx.commit().await().indefinitely();
            return new Snapshot(aggregates, offsets);
        } finally {
            conn.close().await().indefinitely();
        }
    }
}

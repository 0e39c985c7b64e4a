package dev.opensts.adapter.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.consistency.ReadModelRows;
import dev.opensts.iam.AggregateState;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.HashMap;
import java.util.Map;

/**
 * The consistency checker's view of the IAM read model: every row of {@code iam_aggregates}, its jsonb state and its
 * compact snapshot each decoded on its own, so that a damaged one shows as a difference rather than failing the
 * check; and the IAM projector's stored offsets, read in the same repeatable-read snapshot (the projector writes
 * rows and offsets in one transaction). Blocking.
 */
public final class ReadModelReader implements ReadModelRows {
    private final Pool pool;
    private final StateCodec codec;

    private final String topic;

    public ReadModelReader(Pool pool, ObjectMapper json, String iamTopic) {
        this.pool = pool;
        this.codec = new StateCodec(json);
        this.topic = iamTopic;
    }

    @Override
    public ReadModel read() {
        var conn = pool.getConnection().await().indefinitely();
        try {
            var tx = conn.begin().await().indefinitely();
            conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute().await().indefinitely();
            var offsets = new HashMap<Integer, Long>();
            for (var r : conn.preparedQuery("SELECT partition, next_offset FROM projector_offsets WHERE topic = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(topic)).await().indefinitely()) {
                offsets.put(r.getInteger("partition"), r.getLong("next_offset"));
            }
            var rows = conn.query("SELECT stream_id, kind, version, state::text AS state, snapshot FROM iam_aggregates")
                    .execute().await().indefinitely();
            tx.commit().await().indefinitely();
            return new ReadModel(rows(rows), offsets);
        } finally {
            conn.close().await().indefinitely();
        }
    }

    private Map<String, Row> rows(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
        Map<String, Row> out = new HashMap<>(Math.max(16, rows.size() * 4 / 3));
        for (var r : rows) {
            String kind = r.getString("kind");
            AggregateState state = null;
            boolean stateReadable = true;
            try {
                state = codec.read(kind, r.getString("state"));
            } catch (RuntimeException e) {
                stateReadable = false;
            }
            AggregateState snapshot = null;
            boolean snapshotReadable = true;
            var bytes = r.getBuffer("snapshot");
            if (bytes != null) {
                try {
                    snapshot = StateCodec.readCompact(kind, bytes.getBytes());
                } catch (RuntimeException e) {
                    snapshotReadable = false;
                }
            }
            out.put(r.getString("stream_id"), new Row(r.getLong("version"), state, snapshot, stateReadable,
                    snapshotReadable));
        }
        return out;
    }
}

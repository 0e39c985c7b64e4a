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
 * check. Blocking; one query, in one repeatable-read snapshot of the table.
 */
public final class ReadModelReader implements ReadModelRows {
    private final Pool pool;
    private final StateCodec codec;

    public ReadModelReader(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.codec = new StateCodec(json);
    }

    @Override
    public Map<String, Row> all() {
        var rows = pool.query("SELECT stream_id, kind, version, state::text AS state, snapshot FROM iam_aggregates")
                .execute().await().indefinitely();
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

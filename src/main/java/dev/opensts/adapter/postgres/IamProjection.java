package dev.opensts.adapter.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.projection.Projected;
import dev.opensts.app.projection.Projection;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.Aggregates;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.VersionRule;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Materializes the IAM events into PostgreSQL: every aggregate's latest state (iam_aggregates, by the version
 * rule, with its compact snapshot form) and every event as read (iam_events, with whether it applied), with the
 * partition's next offset in the same transaction.
 */
public final class IamProjection implements Projection<IamEvent> {
    private final OffsetTransactions offsets;
    private final StateCodec states;

    public IamProjection(Pool pool, ObjectMapper json, String topic) {
        this.offsets = new OffsetTransactions(pool, topic);
        this.states = new StateCodec(json);
    }

    @Override
    public Map<Integer, Long> nextOffsets() {
        return offsets.nextOffsets();
    }

    @Override
    public void project(int partition, List<Projected<IamEvent>> events, long nextOffset) {
        offsets.inTransaction(partition, nextOffset, (conn, storedNext) -> {
            var versions = new HashMap<String, long[]>(); // stream id -> version, states kept alongside
            var stateCache = new HashMap<String, AggregateState>();
            for (Projected<IamEvent> p : events) {
                if (p.offset() >= storedNext) { // below: already projected by an earlier owner of this partition
                    projectOne(conn, p, versions, stateCache);
                }
            }
        });
    }

    private void projectOne(SqlConnection conn, Projected<IamEvent> p, Map<String, long[]> versions,
                            Map<String, AggregateState> stateCache) {
        EventEnvelope<IamEvent> e = p.envelope();
        String id = e.streamId();
        String kind = StateCodec.kindOf(id);
        if (!versions.containsKey(id)) {
            RowSet<Row> rows = conn.preparedQuery(
                            "SELECT version, state::text AS state FROM iam_aggregates WHERE stream_id = $1")
                    .execute(Tuple.of(id)).await().indefinitely();
            if (rows.size() == 0) {
                versions.put(id, new long[]{VersionRule.INITIAL});
                stateCache.put(id, null);
            } else {
                Row row = rows.iterator().next();
                versions.put(id, new long[]{row.getLong("version")});
                stateCache.put(id, states.read(kind, row.getString("state")));
            }
        }
        long version = versions.get(id)[0];
        boolean applies = VersionRule.applies(version, e);
        OffsetDateTime time = OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC);
        if (applies) {
            AggregateState next = Aggregates.evolve(stateCache.get(id), e.event());
            long nextVersion = VersionRule.next(version);
            versions.get(id)[0] = nextVersion;
            stateCache.put(id, next);
            byte[] compact = StateCodec.compact(next);
            conn.preparedQuery("INSERT INTO iam_aggregates (stream_id, kind, account_id, version, state, updated_at,"
                            + " snapshot) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7) ON CONFLICT (stream_id) DO"
                            + " UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, updated_at ="
                            + " EXCLUDED.updated_at, snapshot = EXCLUDED.snapshot")
                    .execute(Tuple.from(Arrays.asList(id, kind, e.event().accountId(), nextVersion,
                            states.write(next), time, compact == null ? null : Buffer.buffer(compact))))
                    .await().indefinitely();
        }
        conn.preparedQuery("INSERT INTO iam_events (topic, partition, \"offset\", event_id, type, stream_id, account_id,"
                        + " event_time, applied, request_id, data, actor_type, actor_arn, actor_access_key_id,"
                        + " actor_account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12,"
                        + " $13, $14, $15) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(Arrays.asList(offsets.topic(), p.partition(), p.offset(), e.id(), e.type(), id,
                        e.event().accountId(), time, applies, e.requestId(), states.write(e.event()),
                        ActorColumns.type(e), ActorColumns.arn(e), ActorColumns.accessKeyId(e),
                        ActorColumns.accountId(e))))
                .await().indefinitely();
    }
}

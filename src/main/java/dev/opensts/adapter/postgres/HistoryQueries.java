package dev.opensts.adapter.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.history.EntityEvents;
import dev.opensts.app.history.RecordedEvent;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.IamEventTypes;
import dev.opensts.iam.StreamIds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The history's read port over iam_events: one stream's applied events in log order (its partition's offsets), with
 * their envelope's time, request id and actor (V4). A row of a type this version does not know is left out, as the
 * view skips it.
 */
public final class HistoryQueries implements EntityEvents {
    private final Pool pool;
    private final ObjectMapper json;

    public HistoryQueries(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    @Override
    public Uni<List<RecordedEvent>> applied(String streamId) {
        return pool.preparedQuery("SELECT event_id, type, event_time, request_id, data::text AS data, actor_type,"
                        + " actor_arn, actor_access_key_id, actor_account_id FROM iam_events"
                        + " WHERE stream_id = $1 AND applied ORDER BY partition, \"offset\"")
                .execute(Tuple.of(streamId))
                .map(rows -> {
                    var out = new ArrayList<RecordedEvent>();
                    for (Row row : rows) {
                        Class<? extends IamEvent> type = IamEventTypes.of(row.getString("type"));
                        if (type != null) {
                            out.add(new RecordedEvent(row.getString("event_id"),
                                    row.getOffsetDateTime("event_time").toInstant(), row.getString("request_id"),
                                    ActorColumns.read(row), read(type, row.getString("data"))));
                        }
                    }
                    return out;
                });
    }

    @Override
    public Uni<List<String>> groupStreamsNaming(String accountId, String userId) {
        // stream ids and user ids hold neither % nor _ nor backslash (digits, letters, arn:aws:iam::, group/)
        return pool.preparedQuery("SELECT DISTINCT stream_id FROM iam_events WHERE stream_id LIKE $1 AND applied"
                        + " AND data::text LIKE $2 ORDER BY stream_id")
                .execute(Tuple.of(StreamIds.prefix(accountId, "group") + "%", "%\"" + userId + "\"%"))
                .map(rows -> {
                    var out = new ArrayList<String>();
                    rows.forEach(row -> out.add(row.getString("stream_id")));
                    return out;
                });
    }

    private IamEvent read(Class<? extends IamEvent> type, String data) {
        try {
            return json.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored event " + type.getSimpleName(), e);
        }
    }
}

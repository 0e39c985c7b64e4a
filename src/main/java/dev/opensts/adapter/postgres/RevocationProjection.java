package dev.opensts.adapter.postgres;

import dev.opensts.app.projection.Projected;
import dev.opensts.app.projection.Projection;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.VersionRule;
import dev.opensts.view.Revocation;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Materializes the revocations into PostgreSQL (table revocations), as the revocation index holds them: each
 * revocation once, by the version rule (its stream is the revocation itself, so its first record applies), with
 * the instant it took effect (its record's time) and the instant it stops mattering. Rows whose expiry has passed
 * are deleted in each batch's transaction, and a record already expired when read is not written, as the index
 * ignores it; so the table holds what a replica's index holds.
 */
public final class RevocationProjection implements Projection<Revocation> {
    private final OffsetTransactions offsets;
    private final Clock clock;

    public RevocationProjection(Pool pool, String topic, Clock clock) {
        this.offsets = new OffsetTransactions(pool, topic);
        this.clock = clock;
    }

    @Override
    public Map<Integer, Long> nextOffsets() {
        return offsets.nextOffsets();
    }

    @Override
    public void project(int partition, List<Projected<Revocation>> events, long nextOffset) {
        Instant now = clock.instant();
        offsets.inTransaction(partition, nextOffset, (conn, storedNext) -> {
            for (Projected<Revocation> p : events) {
                if (p.offset() >= storedNext) {
                    projectOne(conn, p, now);
                }
            }
            conn.preparedQuery("DELETE FROM revocations WHERE expires_at <= $1")
                    .execute(Tuple.of(utc(now))).await().indefinitely();
        });
    }

    private void projectOne(SqlConnection conn, Projected<Revocation> p, Instant now) {
        EventEnvelope<Revocation> e = p.envelope();
        Revocation r = e.event();
        RowSet<Row> rows = conn.preparedQuery("SELECT version FROM revocations WHERE revocation_id = $1")
                .execute(Tuple.of(r.streamId())).await().indefinitely();
        long version = rows.size() == 0 ? VersionRule.INITIAL : rows.iterator().next().getLong("version");
        Instant expires = r.expiresAt(p.recordTime());
        if (!VersionRule.applies(version, e) || !now.isBefore(expires)) {
            return;
        }
        conn.preparedQuery("INSERT INTO revocations (revocation_id, version, account_id, kind, subject,"
                        + " requested_issued_before, effective_at, issued_before, expires_at, event_time, request_id, topic,"
                        + " partition, \"offset\", actor_type, actor_arn, actor_access_key_id, actor_account_id)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
                        + " ON CONFLICT (revocation_id) DO NOTHING")
                .execute(Tuple.from(Arrays.asList(r.streamId(), VersionRule.next(version), r.accountId(),
                        r.kind().field(), r.subject(),
                        r.requestedIssuedBefore() == null ? null : utc(r.requestedIssuedBefore()),
                        utc(p.recordTime()), utc(r.issuedBefore(p.recordTime())), utc(expires), utc(e.time()), e.requestId(),
                        offsets.topic(), p.partition(), p.offset(), ActorColumns.type(e), ActorColumns.arn(e),
                        ActorColumns.accessKeyId(e), ActorColumns.accountId(e))))
                .await().indefinitely();
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}

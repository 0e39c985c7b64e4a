package dev.opensts.adapter.postgres;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

/**
 * Empties the read model so that it is written again from the logs (OPENSTS_REBUILD_READ_MODEL): the IAM
 * aggregates and events, the revocations, and the projector offsets of both topics, in one transaction. A starting
 * replica then loads no snapshot (its view is built from the IAM topic alone) and its projectors, finding no stored
 * offsets, read both topics from their beginning. Blocking: at start, before the snapshot is read.
 */
public final class ReadModelReset {
    private static final Logger LOG = Logger.getLogger(ReadModelReset.class);

    private ReadModelReset() {
    }

    public static void reset(Pool pool, String iamTopic, String revocationTopic) {
        var conn = pool.getConnection().await().indefinitely();
        try {
            var tx = conn.begin().await().indefinitely();
            long aggregates = count(conn, "iam_aggregates");
            long events = count(conn, "iam_events");
            long revocations = count(conn, "revocations");
            conn.query("TRUNCATE iam_aggregates, iam_events, revocations").execute().await().indefinitely();
            conn.preparedQuery("DELETE FROM projector_offsets WHERE topic = $1 OR topic = $2")
                    .execute(Tuple.of(iamTopic, revocationTopic)).await().indefinitely();
            tx.commit().await().indefinitely();
            LOG.warnf("OPENSTS_REBUILD_READ_MODEL: the read model was emptied (%d aggregates, %d events, %d revocations);"
                    + " it is rebuilt from %s and %s. Unset the variable before the next start.", aggregates, events,
                    revocations, iamTopic, revocationTopic);
        } finally {
            conn.close().await().indefinitely();
        }
    }

    private static long count(io.vertx.mutiny.sqlclient.SqlConnection conn, String table) {
        return conn.query("SELECT count(*) FROM " + table).execute().await().indefinitely().iterator().next().getLong(0);
    }
}

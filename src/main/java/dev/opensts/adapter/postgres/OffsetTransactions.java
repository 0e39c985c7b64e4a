package dev.opensts.adapter.postgres;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The consumed offsets of the read model, per topic and partition (projector_offsets), stored in the transaction
 * that writes the data they cover. Blocking: the projection runs on its consumer's thread.
 */
final class OffsetTransactions {
    /** What one transaction does with the partition's data, given the connection and the stored next offset. */
    @FunctionalInterface
    interface Work {
        void run(SqlConnection conn, long storedNext);
    }

    private final Pool pool;
    private final String topic;

    String topic() {
        return topic;
    }

    OffsetTransactions(Pool pool, String topic) {
        this.pool = pool;
        this.topic = topic;
    }

    Map<Integer, Long> nextOffsets() {
        var result = new HashMap<Integer, Long>();
        for (Row row : pool.preparedQuery("SELECT partition, next_offset FROM projector_offsets WHERE topic = $1")
                .execute(Tuple.of(topic)).await().atMost(Duration.ofSeconds(30))) {
            result.put(row.getInteger("partition"), row.getLong("next_offset"));
        }
        return result;
    }

    /**
     * One transaction: locks the partition's offset row (an earlier owner of the partition may still be writing),
     * runs the work with the stored next offset, stores {@code nextOffset} unless the stored one is further, commits.
     */
    void inTransaction(int partition, long nextOffset, Work work) {
        SqlConnection conn = pool.getConnection().await().atMost(Duration.ofSeconds(30));
        try {
            var tx = conn.begin().await().indefinitely();
            RowSet<Row> rows = conn.preparedQuery(
                            "SELECT next_offset FROM projector_offsets WHERE topic = $1 AND partition = $2 FOR UPDATE")
                    .execute(Tuple.of(topic, partition)).await().indefinitely();
            long stored = rows.size() == 0 ? 0 : rows.iterator().next().getLong("next_offset");
            work.run(conn, stored);
            conn.preparedQuery("INSERT INTO projector_offsets (topic, partition, next_offset) VALUES ($1, $2, $3) "
                            + "ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset")
                    .execute(Tuple.of(topic, partition, Math.max(stored, nextOffset))).await().indefinitely();
            tx.commit().await().indefinitely();
        } finally {
            conn.close().await().indefinitely();
        }
    }
}

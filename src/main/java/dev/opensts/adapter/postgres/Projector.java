package dev.opensts.adapter.postgres;

import dev.opensts.adapter.kafka.ConsumerLoop;
import dev.opensts.adapter.kafka.EventCodec;
import dev.opensts.iam.Aggregates;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.settings.OpenStsConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Materializes the IAM event log into PostgreSQL. A consumer group spreads the partitions over
 * the replicas, one writer each; every batch of a partition is written with its next offset in
 * one transaction, and offsets come from PostgreSQL, not from Kafka, so a replayed record is
 * recognised and skipped (exactly-once materialization).
 */
public final class Projector extends ConsumerLoop {
    private static final Logger LOG = Logger.getLogger(Projector.class);

    private final Pool pool;
    private final EventCodec codec;
    private final StateCodec states;
    private final String topic;

    public Projector(OpenStsConfig config, Pool pool, EventCodec codec) {
        super(consumer(config), "opensts-projector", Duration.ofSeconds(1));
        this.pool = pool;
        this.codec = codec;
        this.states = new StateCodec(codec.json());
        this.topic = config.topics().iamEvents();
    }

    private static KafkaConsumer<String, byte[]> consumer(OpenStsConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.topics().prefix() + ".projector");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "opensts-projector-" + config.replicaId().orElse("replica"));
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public void start() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                Map<Integer, Long> stored = storedOffsets();
                for (TopicPartition tp : partitions) {
                    Long next = stored.get(tp.partition());
                    if (next == null) {
                        consumer.seekToBeginning(List.of(tp));
                    } else {
                        consumer.seek(tp, next);
                    }
                }
            }
        });
        startLoop();
    }

    @Override
    protected void pollOnce() {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        for (TopicPartition tp : batch.partitions()) {
            project(tp, batch.records(tp));
        }
    }

    @Override
    protected void onFailure(RuntimeException failure) {
        LOG.error("projection failed; the batch will be read again", failure);
        rewind();
    }

    /** After a failed transaction, go back to what PostgreSQL says was projected. */
    private void rewind() {
        try {
            Map<Integer, Long> stored = storedOffsets();
            for (TopicPartition tp : consumer.assignment()) {
                Long next = stored.get(tp.partition());
                if (next == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, next);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot rewind the projector yet", e);
        }
    }

    private Map<Integer, Long> storedOffsets() {
        var result = new HashMap<Integer, Long>();
        for (Row row : pool.preparedQuery("SELECT partition, next_offset FROM projector_offsets WHERE topic = $1")
                .execute(Tuple.of(topic)).await().atMost(Duration.ofSeconds(30))) {
            result.put(row.getInteger("partition"), row.getLong("next_offset"));
        }
        return result;
    }

    private void project(TopicPartition tp, List<ConsumerRecord<String, byte[]>> records) {
        SqlConnection conn = pool.getConnection().await().atMost(Duration.ofSeconds(30));
        try {
            var tx = conn.begin().await().indefinitely();
            RowSet<Row> offsetRows = conn.preparedQuery(
                            "SELECT next_offset FROM projector_offsets WHERE topic = $1 AND partition = $2 FOR UPDATE")
                    .execute(Tuple.of(topic, tp.partition())).await().indefinitely();
            long next = offsetRows.size() == 0 ? 0 : offsetRows.iterator().next().getLong("next_offset");
            var cache = new HashMap<String, long[]>(); // stream id -> version, states kept alongside
            var stateCache = new HashMap<String, Object>();
            for (ConsumerRecord<String, byte[]> r : records) {
                if (r.offset() < next) {
                    continue; // already projected by an earlier owner of this partition
                }
                projectOne(conn, r, cache, stateCache);
                next = r.offset() + 1;
            }
            conn.preparedQuery("INSERT INTO projector_offsets (topic, partition, next_offset) VALUES ($1, $2, $3) "
                            + "ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset")
                    .execute(Tuple.of(topic, tp.partition(), next)).await().indefinitely();
            tx.commit().await().indefinitely();
        } finally {
            conn.close().await().indefinitely();
        }
    }

    private void projectOne(SqlConnection conn, ConsumerRecord<String, byte[]> r, Map<String, long[]> versions,
                            Map<String, Object> stateCache) {
        EventEnvelope e;
        try {
            e = codec.decode(r.value());
        } catch (IllegalArgumentException bad) {
            LOG.errorf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), bad.getMessage());
            return;
        }
        String id = e.streamId();
        String kind = StateCodec.kindOf(id);
        if (!versions.containsKey(id)) {
            RowSet<Row> rows = conn.preparedQuery(
                            "SELECT version, state::text AS state FROM iam_aggregates WHERE stream_id = $1")
                    .execute(Tuple.of(id)).await().indefinitely();
            if (rows.size() == 0) {
                versions.put(id, new long[]{0});
                stateCache.put(id, null);
            } else {
                Row row = rows.iterator().next();
                versions.put(id, new long[]{row.getLong("version")});
                stateCache.put(id, states.read(kind, row.getString("state")));
            }
        }
        long version = versions.get(id)[0];
        boolean applies = version == e.expectedVersion();
        OffsetDateTime time = OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC);
        if (applies) {
            Object next = Aggregates.evolve(stateCache.get(id), e.event());
            versions.get(id)[0] = version + 1;
            stateCache.put(id, next);
            byte[] compact = StateCodec.compact(next);
            conn.preparedQuery("INSERT INTO iam_aggregates (stream_id, kind, account_id, version, state, updated_at,"
                            + " snapshot) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7) ON CONFLICT (stream_id) DO"
                            + " UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, updated_at ="
                            + " EXCLUDED.updated_at, snapshot = EXCLUDED.snapshot")
                    .execute(Tuple.from(java.util.Arrays.asList(id, kind, e.event().accountId(), version + 1,
                            states.write(next), time, compact == null ? null : Buffer.buffer(compact))))
                    .await().indefinitely();
        }
        conn.preparedQuery("INSERT INTO iam_events (topic, partition, \"offset\", event_id, type, stream_id, account_id,"
                        + " event_time, applied, request_id, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                        + " $11::text::jsonb) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(java.util.Arrays.asList(r.topic(), r.partition(), r.offset(), e.id(), e.type(), id,
                        e.event().accountId(), time, applies, e.requestId(), states.write(e.event()))))
                .await().indefinitely();
    }
}

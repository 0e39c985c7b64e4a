package dev.opensts.adapter.kafka;

import dev.opensts.app.projection.Projected;
import dev.opensts.app.projection.Projection;
import dev.opensts.iam.Event;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.settings.OpenStsConfig;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Feeds a topic into the read model ({@link Projection}). A consumer group spreads the partitions over the
 * replicas, one writer each; the offsets come from the read model, not from Kafka (nothing is committed to Kafka),
 * and each batch of a partition is handed over with its next offset, which the read model stores in the same
 * transaction as the data. After a failed batch the consumer goes back to the read model's offsets, so a batch is
 * either projected once or read again.
 */
public final class KafkaProjector<E extends Event> extends ConsumerLoop {
    private static final Logger LOG = Logger.getLogger(KafkaProjector.class);

    private final String topic;
    private final EnvelopeCodec<E> codec;
    private final Projection<E> projection;

    /** @param group the consumer group (one per topic), under the topic prefix */
    public KafkaProjector(OpenStsConfig config, String topic, String group, EnvelopeCodec<E> codec,
                          Projection<E> projection) {
        super(consumer(config, group), "opensts-" + group, Duration.ofSeconds(1));
        this.topic = topic;
        this.codec = codec;
        this.projection = projection;
    }

    private static KafkaConsumer<String, byte[]> consumer(OpenStsConfig config, String group) {
        Properties p = KafkaConnection.properties(config);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.topics().prefix() + "." + group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "opensts-" + group + "-" + config.replicaName());
        // static membership: a replica that restarts under its name (a pod's container restarting, run.sh after a
        // crash) takes its partitions back at once instead of after the dead member's session timeout; a replica
        // gone for good hands them on after 15 s
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "opensts-" + group + "-" + config.replicaName());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public void start() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                seek(partitions, projection.nextOffsets());
            }
        });
        startLoop();
    }

    /**
     * Set when a batch failed and the consumer could not yet be put back where the read model says (the database
     * was away): nothing more is read until it has been, so no batch is skipped.
     */
    private volatile boolean rewindPending;
    private volatile String lastFailure;
    private volatile java.time.Instant failingSince;

    /** Whether the projection is failing (its database away, typically); the replica keeps serving meanwhile. */
    public boolean failing() {
        return failingSince != null;
    }

    /** The last failure while failing, else null. */
    public String lastFailure() {
        return failingSince == null ? null : lastFailure;
    }

    /** Since when it has been failing, else null. */
    public java.time.Instant failingSince() {
        return failingSince;
    }

    @Override
    protected void pollOnce() {
        if (rewindPending) {
            seek(consumer.assignment(), projection.nextOffsets()); // throws while the database is away
            rewindPending = false;
            LOG.infof("projection of %s resumes from the read model's offsets", topic);
        }
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        for (TopicPartition tp : batch.partitions()) {
            List<ConsumerRecord<String, byte[]>> records = batch.records(tp);
            var events = new ArrayList<Projected<E>>(records.size());
            for (ConsumerRecord<String, byte[]> r : records) {
                EventEnvelope<E> e = readable(r, codec);
                if (e == null) {
                    continue; // its offset still counts as projected
                }
                events.add(new Projected<>(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), e));
            }
            projection.project(tp.partition(), events, records.get(records.size() - 1).offset() + 1);
        }
        failingSince = null;
    }

    @Override
    protected void onFailure(RuntimeException failure) {
        if (failingSince == null) {
            failingSince = java.time.Instant.now();
            LOG.errorf(failure, "projection of %s failed; the batch will be read again", topic);
        } else {
            LOG.debugf(failure, "projection of %s still failing", topic);
        }
        lastFailure = String.valueOf(failure.getMessage());
        // until the consumer is back at the read model's offsets, nothing is read (see pollOnce)
        rewindPending = true;
    }

    private void seek(Collection<TopicPartition> partitions, Map<Integer, Long> stored) {
        for (TopicPartition tp : partitions) {
            Long next = stored.get(tp.partition());
            if (next == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, next);
            }
        }
    }
}

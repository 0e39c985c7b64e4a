package dev.opensts.adapter.kafka;

import dev.opensts.iam.Event;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.settings.OpenStsConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Properties;

/**
 * A Kafka consumer on a thread of its own: poll, process, repeat; after a failure, back off and
 * go on; on close, wake the consumer and wait for the thread. Subclasses say what one round does.
 */
public abstract class ConsumerLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    protected final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Duration backoff;
    private volatile boolean running = true;
    private java.util.List<TopicPartition> partitions = java.util.List.of();
    private java.util.Map<TopicPartition, Long> startEnd = java.util.Map.of();

    protected ConsumerLoop(KafkaConsumer<String, byte[]> consumer, String threadName, Duration backoff) {
        this.consumer = consumer;
        this.backoff = backoff;
        this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::run);
    }

    /**
     * The consumer of a reader that assigns every partition itself ({@link #assignAll}): no group, no
     * commits, committed records only. The broker answers a waiting fetch as soon as a record is
     * appended, so a long wait costs no latency, while a short one turns an idle topic into many
     * fetches a second.
     */
    protected static KafkaConsumer<String, byte[]> replicaConsumer(OpenStsConfig config, String clientIdPrefix) {
        Properties p = KafkaConnection.properties(config);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + config.replicaName());
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Assigns every partition of the topic (no consumer group: this replica reads everything),
     * positioned at the given next offset per partition or at the beginning, and notes the end
     * offsets as they are now, for {@link #reachedStartEnd()}.
     */
    protected final void assignAll(String topic, java.util.Map<Integer, Long> fromOffsets) {
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long from = fromOffsets.get(tp.partition());
            if (from == null) {
                consumer.seekToBeginning(java.util.List.of(tp));
            } else {
                consumer.seek(tp, from);
            }
        }
        startEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }

    /**
     * Assigns every partition of the topic positioned at its first record stamped at or after {@code since}
     * (the end, for a partition with none), and notes the end offsets as they are now.
     */
    protected final void assignSince(String topic, java.time.Instant since) {
        var assigned = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        var query = new java.util.HashMap<TopicPartition, Long>();
        assigned.forEach(tp -> query.put(tp, since.toEpochMilli()));
        var found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        var end = consumer.endOffsets(assigned, Duration.ofSeconds(30));
        var from = new java.util.HashMap<Integer, Long>();
        for (TopicPartition tp : assigned) {
            var at = found.get(tp);
            from.put(tp.partition(), at != null ? at.offset() : end.get(tp));
        }
        assignAll(topic, from);
    }

    /** Whether this consumer has read up to the end offsets seen when the partitions were assigned. */
    protected final boolean reachedStartEnd() {
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= startEnd.get(tp));
    }

    /** One poll and the processing of what it returned. */
    protected abstract void pollOnce();

    /** Called after a round failed, before the back-off. */
    protected abstract void onFailure(RuntimeException failure);

    protected final void startLoop() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                pollOnce();
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                onFailure(e);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The record's envelope, or null for a record that cannot be read: it is logged and skipped, by every replica and
     * the projector alike, and never becomes state (its offset still counts as consumed).
     */
    protected static <E extends Event> EventEnvelope<E> readable(ConsumerRecord<String, byte[]> r,
                                                                 EnvelopeCodec<E> codec) {
        try {
            return codec.decode(r.value());
        } catch (IllegalArgumentException bad) {
            LOG.errorf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    bad.getMessage());
            return null;
        }
    }
}

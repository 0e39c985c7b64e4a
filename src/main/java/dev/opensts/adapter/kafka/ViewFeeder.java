package dev.opensts.adapter.kafka;

import dev.opensts.config.OpenStsConfig;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.view.LiveView;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Feeds the live view from every partition of the IAM event topic, on one thread of its own. No
 * consumer group: every replica reads everything, starting where its bootstrap snapshot ended.
 * The view is caught up once the position of every partition has reached the end offsets seen at
 * start.
 */
public final class ViewFeeder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ViewFeeder.class);

    private final LiveView view;
    private final EventCodec codec;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Thread thread;
    private volatile Map<TopicPartition, Long> startEnd;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    /** @param fromOffsets the next offset to read per partition, from the snapshot; absent means from the start */
    public ViewFeeder(OpenStsConfig config, LiveView view, EventCodec codec, Map<Integer, Long> fromOffsets) {
        this.view = view;
        this.codec = codec;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "opensts-view-" + config.replicaId().orElse("replica"));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        String topic = config.topics().iamEvents();
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long from = fromOffsets.get(tp.partition());
            if (from == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, from);
            }
        }
        this.startEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        this.thread = Thread.ofPlatform().name("opensts-view-feeder").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope e;
                    try {
                        e = codec.decode(r.value());
                    } catch (IllegalArgumentException bad) {
                        // a record we cannot read is skipped by every replica alike; it never becomes state
                        LOG.errorf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                                bad.getMessage());
                        continue;
                    }
                    try {
                        view.apply(e);
                    } catch (RuntimeException bug) {
                        // evolve is a pure function: every replica fails on this record alike and skips it
                        LOG.errorf(bug, "cannot apply %s %s-%d@%d; skipped", e.type(), r.topic(), r.partition(),
                                r.offset());
                    }
                }
                if (!caughtUp) {
                    caughtUp = partitions.stream().allMatch(tp -> consumer.position(tp) >= startEnd.get(tp));
                    if (caughtUp) {
                        LOG.infof("live view caught up: %d aggregates", view.size());
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.error("view feeder failed; retrying", e);
                sleep();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
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
}

package dev.opensts.adapter.kafka;

import dev.opensts.app.consistency.EventLogReplay;
import dev.opensts.iam.Event;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.view.Revocation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The consistency checker's replay: a consumer of its own (no group, committed records only, the replica's Kafka
 * settings) reads a topic from its beginning, or from the first record at or after an instant, up to the end
 * offsets it found when it started, and hands each decodable record on.
 */
public final class LogReplay implements EventLogReplay {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final OpenStsConfig config;
    private final EventCodec iamCodec;
    private final RevocationCodec revocationCodec;

    public LogReplay(OpenStsConfig config, EventCodec iamCodec, RevocationCodec revocationCodec) {
        this.config = config;
        this.iamCodec = iamCodec;
        this.revocationCodec = revocationCodec;
    }

    @Override
    public Replayed replayIam(Consumer<Positioned> sink) {
        return replay(config.topics().iamEvents(), null, iamCodec, (e, r) -> sink.accept(new Positioned(e,
                r.partition(), r.offset())));
    }

    @Override
    public Replayed replayRevocations(Instant since, BiConsumer<EventEnvelope<Revocation>, Instant> sink) {
        return replay(config.topics().revocations(), since, revocationCodec,
                (e, r) -> sink.accept(e, Instant.ofEpochMilli(r.timestamp())));
    }

    private <E extends Event> Replayed replay(String topic, Instant since, EnvelopeCodec<E> codec,
                                              BiConsumer<EventEnvelope<E>, ConsumerRecord<String, byte[]>> sink) {
        try (KafkaConsumer<String, byte[]> consumer = ConsumerLoop.replicaConsumer(config, "opensts-consistency-")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            if (since == null) {
                consumer.seekToBeginning(partitions);
            } else {
                var query = new HashMap<TopicPartition, Long>();
                partitions.forEach(p -> query.put(p, since.toEpochMilli()));
                consumer.offsetsForTimes(query, TIMEOUT).forEach((p, found) ->
                        consumer.seek(p, found == null ? end.get(p) : found.offset()));
            }
            long records = 0;
            long undecodable = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replaying " + topic + " took over 10 minutes");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    records++;
                    EventEnvelope<E> e = ConsumerLoop.readable(r, codec);
                    if (e == null) {
                        undecodable++;
                    } else {
                        sink.accept(e, r);
                    }
                }
            }
            return new Replayed(records, undecodable);
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}

package dev.opensts.adapter.kafka;

import dev.opensts.iam.Event;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.settings.OpenStsConfig;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends the events of one topic (IAM events, revocations) in their CloudEvents envelope, keyed by the codec
 * (one key's events stay in order in one partition), through an idempotent, acks=all producer
 * ({@link KafkaProducers#forEvents}).
 */
public final class KafkaEventLog<E extends Event> implements AutoCloseable {
    private final String topic;
    private final EnvelopeCodec<E> codec;
    private final KafkaProducer<String, byte[]> producer;

    /** @param clientId the producer's client id (the topic's purpose and the replica) */
    public KafkaEventLog(OpenStsConfig config, String topic, EnvelopeCodec<E> codec, String clientId) {
        this.topic = topic;
        this.codec = codec;
        this.producer = KafkaProducers.forEvents(config, clientId);
    }

    /**
     * Sends when subscribed to, in order; completes with each record's time on the topic (the broker's append time
     * on a topic with message.timestamp.type=LogAppendTime) once the broker has acknowledged every one.
     */
    public Uni<List<Instant>> append(List<EventEnvelope<E>> events) {
        var acks = new ArrayList<Uni<Instant>>(events.size());
        for (EventEnvelope<E> e : events) {
            acks.add(append(e));
        }
        if (acks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(acks).andFailFast();
    }

    /** Sends when subscribed to; completes with the record's time on the topic once the broker acknowledged it. */
    public Uni<Instant> append(EventEnvelope<E> event) {
        return KafkaProducers.send(producer, new ProducerRecord<>(topic, codec.key(event), codec.encode(event)));
    }

    /** True when the broker answers a metadata request for the topic. */
    public boolean reachable() {
        try {
            return !producer.partitionsFor(topic).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

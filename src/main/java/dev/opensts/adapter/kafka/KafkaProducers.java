package dev.opensts.adapter.kafka;

import dev.opensts.settings.OpenStsConfig;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Properties;

/**
 * The one place producers are configured. Every producer is idempotent with acks=all (no record is lost or
 * duplicated by a retry, and none is acknowledged before every in-sync replica has it); what differs is the
 * batching and the timeouts of each use.
 */
public final class KafkaProducers {
    private KafkaProducers() {
    }

    /**
     * For the event logs (IAM events, revocations): no linger, since a write is rare and its caller waits; the
     * delivery timeout follows the configured write timeout.
     */
    static KafkaProducer<String, byte[]> forEvents(OpenStsConfig config, String clientId) {
        Properties p = base(config, clientId);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        int timeout = (int) Math.max(5_000, config.kafka().writeTimeout().toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * For the audit trail: a short linger batches records under load without delaying a lone request noticeably;
     * the audit timeout is the delivery timeout, so every record's callback runs within it and the issuer needs no
     * timer per request.
     */
    static KafkaProducer<String, byte[]> forAudit(OpenStsConfig config, String clientId) {
        Properties p = base(config, clientId);
        int linger = (int) config.sts().auditLinger().toMillis();
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.sts().auditCompression());
        // send() itself waits for the topic's metadata when the producer has none (a broker gone), on the calling
        // thread, an event loop: that wait stays short, and never longer than the audit timeout
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(config.sts().auditTimeout().toMillis(), 2_000));
        // Kafka requires delivery >= linger + request timeout
        int delivery = (int) Math.max(config.sts().auditTimeout().toMillis(), linger + 1L);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery - linger));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** The audit index's digest publisher: a few records an hour, acknowledged by every in-sync replica. */
    static KafkaProducer<String, byte[]> forDigests(OpenStsConfig config, String clientId) {
        Properties p = base(config, clientId);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static Properties base(OpenStsConfig config, String clientId) {
        Properties p = KafkaConnection.properties(config);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /**
     * Sends when subscribed to; completes with the record's timestamp as the broker stored it once acknowledged,
     * fails when it was not (including a send that fails at once, when metadata cannot be had within
     * max.block.ms).
     */
    static Uni<Instant> send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        return Uni.createFrom().emitter(ack -> {
            try {
                producer.send(record, (meta, err) -> {
                    if (err != null) {
                        ack.fail(err);
                    } else {
                        ack.complete(Instant.ofEpochMilli(meta.timestamp()));
                    }
                });
            } catch (RuntimeException err) {
                ack.fail(err);
            }
        });
    }
}

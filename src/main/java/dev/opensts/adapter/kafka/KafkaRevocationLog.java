package dev.opensts.adapter.kafka;

import dev.opensts.settings.OpenStsConfig;
import dev.opensts.view.Revocation;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Appends SessionsRevoked events to the revocations topic: idempotent, acks=all, no linger (a
 * revocation is rare and should travel at once). Keyed by the revoked subject (the role ARN for a
 * role revocation), so one subject's revocations stay in order.
 */
public final class KafkaRevocationLog implements AutoCloseable {
    private final String topic;
    private final String source;
    private final RevocationCodec codec;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaRevocationLog(OpenStsConfig config, String source, RevocationCodec codec) {
        this.topic = config.topics().revocations();
        this.source = source;
        this.codec = codec;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "opensts-revocations-" + source.replace('/', '-'));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Completes with the record's time on the topic (the broker's append time; the topic is created with
     * message.timestamp.type=LogAppendTime) when the broker has acknowledged the event.
     */
    public CompletableFuture<Instant> append(Revocation r, String requestId, Instant decidedAt) {
        return Acks.sendForTime(producer, new ProducerRecord<>(topic, r.subject(),
                codec.encode(r, source, requestId, decidedAt)));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

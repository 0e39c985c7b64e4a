package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.audit.AuditLog;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.settings.OpenStsConfig;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * The audit trail: one CloudEvents JSON record per STS issuance or denial on opensts.sts.issuance,
 * keyed by the account the credentials belong to. Idempotent, acks=all; a short linger batches
 * records under load without delaying a lone request noticeably.
 */
public final class KafkaAuditLog implements AuditLog, AutoCloseable {

    private final String topic;
    private final String source;
    private final AuditRecordCodec codec;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaAuditLog(OpenStsConfig config, String source, ObjectMapper json) {
        this.topic = config.topics().issuance();
        this.source = source;
        this.codec = new AuditRecordCodec(json);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int linger = (int) config.sts().auditLinger().toMillis();
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.sts().auditCompression());
        // send() itself waits for the topic's metadata when the producer has none (a broker gone), on the calling
        // thread, an event loop: that wait stays short, and never longer than the audit timeout
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(config.sts().auditTimeout().toMillis(), 2_000));
        // The audit timeout is the producer's delivery timeout: every record's callback runs within
        // it, acknowledged or failed, so the issuer needs no timer per request. Kafka requires
        // delivery >= linger + request timeout.
        int delivery = (int) Math.max(config.sts().auditTimeout().toMillis(), linger + 1L);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery - linger));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "opensts-issuance-" + source.replace('/', '-'));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends when subscribed to; completes when the broker acknowledged the record, fails when it did not. */
    @Override
    public Uni<Void> publish(AuditRecord record) {
        return Uni.createFrom().completionStage(() -> Acks.send(producer,
                new ProducerRecord<>(topic, record.accountId(), codec.encode(record, source))));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

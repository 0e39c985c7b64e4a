package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.audit.AuditLog;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.settings.OpenStsConfig;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The audit trail: one CloudEvents JSON record per request on the audit topic (opensts.sts.issuance), keyed by
 * its recipient account. The producer: {@link KafkaProducers#forAudit}.
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
        this.producer = KafkaProducers.forAudit(config, "opensts-issuance-" + source.replace('/', '-'));
    }

    /** Sends when subscribed to; completes when the broker acknowledged the record, fails when it did not. */
    @Override
    public Uni<Void> publish(AuditRecord record) {
        return KafkaProducers.send(producer, new ProducerRecord<>(topic, record.recipientAccountId(), codec.encode(record, source)))
                .replaceWithVoid();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

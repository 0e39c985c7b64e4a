package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.app.trail.Digest;
import dev.opensts.app.trail.DigestLog;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.text.IsoTime;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The digest topic (PREFIX.audit.digests, docs/audit-events.md): each signed digest of the audit index as a
 * CloudEvents JSON record of type {@value #TYPE}, keyed by its window's start, whose {@code data} holds the digest
 * exactly as PostgreSQL stores it. One partition and compaction: one record per window, in window order.
 */
public final class KafkaDigestLog implements DigestLog, AutoCloseable {
    static final String TYPE = "dev.opensts.audit.Digest";

    private final String topic;
    private final String source;
    private final ObjectMapper json;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaDigestLog(OpenStsConfig config, String source, ObjectMapper json) {
        this.topic = config.topics().auditDigests();
        this.source = source;
        this.json = json;
        this.producer = KafkaProducers.forDigests(config, "opensts-digests-" + source.replace('/', '-'));
    }

    @Override
    public Uni<Void> publish(Digest d) {
        return Uni.createFrom().deferred(() -> KafkaProducers.send(producer,
                new ProducerRecord<>(topic, IsoTime.instant(d.windowStart()), encode(json, source, d))))
                .replaceWithVoid();
    }

    /** The record's value: the CloudEvents JSON of docs/audit-events.md, "The digest topic". */
    static byte[] encode(ObjectMapper json, String source, Digest d) {
        ObjectNode e = json.createObjectNode();
        e.put("specversion", "1.0");
        e.put("id", d.digest());
        e.put("source", source);
        e.put("type", TYPE);
        e.put("time", IsoTime.instant(d.windowEnd()));
        e.put("datacontenttype", "application/json");
        ObjectNode data = e.putObject("data");
        data.put("windowStart", IsoTime.instant(d.windowStart()));
        data.put("windowEnd", IsoTime.instant(d.windowEnd()));
        data.put("recordCount", d.recordCount());
        data.put("recordsHash", d.recordsHash());
        data.put("previousDigest", d.previousDigest());
        data.put("digest", d.digest());
        data.put("keyId", d.keyId());
        data.put("signature", d.signature());
        try {
            return json.writeValueAsBytes(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.audit.IssuanceLog;
import dev.opensts.app.audit.IssuanceRecord;
import dev.opensts.config.OpenStsConfig;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.text.IsoTime;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * The audit stream: one CloudEvents JSON record per STS issuance or denial on opensts.sts.issuance,
 * keyed by the account the credentials belong to. Idempotent, acks=all; a short linger batches
 * records under load without delaying a lone request noticeably.
 */
public final class KafkaIssuanceLog implements IssuanceLog, AutoCloseable {
    public static final int SCHEMA_VERSION = 1;

    private final String topic;
    private final String source;
    private final ObjectMapper json;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaIssuanceLog(OpenStsConfig config, String source, ObjectMapper json) {
        this.topic = config.topics().issuance();
        this.source = source;
        this.json = json;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int linger = (int) config.sts().auditLinger().toMillis();
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.sts().auditCompression());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        // The audit timeout is the producer's delivery timeout: every record's callback runs within
        // it, acknowledged or failed, so the issuer needs no timer per request. Kafka requires
        // delivery >= linger + request timeout.
        int delivery = (int) Math.max(config.sts().auditTimeout().toMillis(), linger + 1L);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery - linger));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "opensts-issuance-" + source.replace('/', '-'));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletableFuture<Void> publish(IssuanceRecord record) {
        return Acks.send(producer, new ProducerRecord<>(topic, record.accountId(), encode(record)));
    }

    /**
     * Written field by field with a streaming generator: this runs once per issuance, on the hot
     * path, so it builds no intermediate tree. The CloudEvents id is the request id, unique per request.
     */
    byte[] encode(IssuanceRecord r) {
        var out = new java.io.ByteArrayOutputStream(1536);
        String time = IsoTime.instant(r.eventTime());
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", r.requestId());
            g.writeStringField("source", source);
            g.writeStringField("type", "dev.opensts.sts." + r.eventName());
            g.writeStringField("subject", r.accountId());
            g.writeStringField("time", time);
            g.writeStringField("datacontenttype", "application/json");
            g.writeNumberField("schemaversion", SCHEMA_VERSION);
            g.writeStringField("requestid", r.requestId());
            g.writeObjectFieldStart("data");
            g.writeStringField("eventName", r.eventName());
            g.writeStringField("eventTime", time);
            g.writeStringField("requestId", r.requestId());
            g.writeStringField("accountId", r.accountId());
            g.writeFieldName("userIdentity");
            write(g, r.userIdentity());
            // CloudTrail's spelling, which auditors' tooling expects
            g.writeStringField("sourceIPAddress", r.sourceIpAddress());
            g.writeStringField("userAgent", r.userAgent());
            g.writeFieldName("requestParameters");
            write(g, r.requestParameters());
            g.writeFieldName("responseElements");
            write(g, r.responseElements());
            g.writeStringField("errorCode", r.errorCode());
            g.writeStringField("errorMessage", r.errorMessage());
            g.writeStringField("decision", r.decision());
            g.writeArrayFieldStart("decidingStatements");
            for (DecidingStatement d : r.decidingStatements()) {
                g.writeStartObject();
                g.writeStringField("policyName", d.policyName());
                g.writeStringField("sid", d.sid());
                g.writeNumberField("index", d.index());
                g.writeStringField("effect", d.effect().name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * The record's maps hold only maps, lists, strings, numbers, booleans and nulls: written directly,
     * without looking up a databind serializer per value.
     */
    private static void write(JsonGenerator g, Object v) throws java.io.IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof java.util.Map<?, ?> m) {
            g.writeStartObject();
            for (var e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeObject(v);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.audit.AuditLog;
import dev.opensts.app.audit.AuditRecord.Response;
import dev.opensts.app.audit.AuditRecord.SessionContext;
import dev.opensts.app.audit.AuditRecord.SessionIssuer;
import dev.opensts.app.audit.AuditRecord.UserIdentity;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.config.OpenStsConfig;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.text.IsoTime;
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
    public static final int SCHEMA_VERSION = 1;

    private final String topic;
    private final String source;
    private final ObjectMapper json;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaAuditLog(OpenStsConfig config, String source, ObjectMapper json) {
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
                new ProducerRecord<>(topic, record.accountId(), encode(record))));
    }

    /**
     * Written field by field with a streaming generator: this runs once per issuance, on the hot
     * path, so it builds no intermediate tree. The CloudEvents id is the request id, unique per request.
     */
    byte[] encode(AuditRecord r) {
        var out = new java.io.ByteArrayOutputStream(1536);
        String time = IsoTime.instant(r.eventTime());
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", r.requestId());
            g.writeStringField("source", source);
            g.writeStringField("type", r.kind().type());
            g.writeStringField("subject", r.accountId());
            g.writeStringField("time", time);
            g.writeStringField("datacontenttype", "application/json");
            g.writeNumberField("schemaversion", SCHEMA_VERSION);
            g.writeStringField("requestid", r.requestId());
            g.writeObjectFieldStart("data");
            g.writeStringField("eventName", r.kind().name());
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
            write(g, r.response());
            g.writeStringField("errorCode", r.errorCode());
            g.writeStringField("errorMessage", r.errorMessage());
            g.writeStringField("decision", r.decision().name());
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

    /** CloudTrail's userIdentity; the optional members only when present. */
    private static void write(JsonGenerator g, UserIdentity u) throws java.io.IOException {
        g.writeStartObject();
        g.writeStringField("type", u.type());
        g.writeStringField("principalId", u.principalId());
        g.writeStringField("arn", u.arn());
        g.writeStringField("accountId", u.accountId());
        g.writeStringField("accessKeyId", u.accessKeyId());
        if (u.userName() != null) {
            g.writeStringField("userName", u.userName());
        }
        SessionContext s = u.sessionContext();
        if (s != null) {
            g.writeObjectFieldStart("sessionContext");
            SessionIssuer issuer = s.sessionIssuer();
            if (issuer != null) {
                g.writeObjectFieldStart("sessionIssuer");
                g.writeStringField("type", "Role");
                g.writeStringField("principalId", issuer.principalId());
                g.writeStringField("arn", issuer.arn());
                g.writeStringField("accountId", issuer.accountId());
                g.writeStringField("userName", issuer.userName());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("attributes");
            g.writeStringField("creationDate", IsoTime.instant(s.creationDate()));
            g.writeStringField("mfaAuthenticated", String.valueOf(s.mfaAuthenticated()));
            g.writeEndObject();
            if (s.sourceIdentity() != null) {
                g.writeStringField("sourceIdentity", s.sourceIdentity());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** What was issued, or null for a denial. */
    private static void write(JsonGenerator g, Response r) throws java.io.IOException {
        if (r == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeObjectFieldStart("credentials");
        g.writeStringField("accessKeyId", r.accessKeyId());
        g.writeStringField("expiration", IsoTime.instant(r.expiration()));
        g.writeEndObject();
        if (r.assumedRoleArn() != null) {
            g.writeObjectFieldStart("assumedRoleUser");
            g.writeStringField("assumedRoleId", r.assumedRoleId());
            g.writeStringField("arn", r.assumedRoleArn());
            g.writeEndObject();
        }
        if (r.packedPolicySize() != null) {
            g.writeNumberField("packedPolicySize", r.packedPolicySize());
        }
        if (r.sourceIdentity() != null) {
            g.writeStringField("sourceIdentity", r.sourceIdentity());
        }
        g.writeEndObject();
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

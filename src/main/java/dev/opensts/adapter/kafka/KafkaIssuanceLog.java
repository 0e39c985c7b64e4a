package dev.opensts.adapter.kafka;

import dev.opensts.config.OpenStsConfig;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.sts.IssuanceLog;
import dev.opensts.sts.IssuanceRecord;
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
    private final KafkaProducer<String, byte[]> producer;

    public KafkaIssuanceLog(OpenStsConfig config, String source) {
        this.topic = config.topics().issuance();
        this.source = source;
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
        return Acks.send(producer, new ProducerRecord<>(topic, record.accountId(), encode(record, source)));
    }

    /**
     * Written field by field into bytes ({@link JsonBytes}): this runs once per issuance, on the hot
     * path, so it builds no intermediate tree and no generator. The CloudEvents id is the request id,
     * unique per request.
     */
    static byte[] encode(IssuanceRecord r, String source) {
        String time = IsoTime.instant(r.eventTime());
        JsonBytes j = new JsonBytes(1536);
        j.startObject()
                .field("specversion", "1.0")
                .field("id", r.requestId())
                .field("source", source)
                .field("type", "dev.opensts.sts." + r.eventName())
                .field("subject", r.accountId())
                .field("time", time)
                .field("datacontenttype", "application/json")
                .name("schemaversion").value(SCHEMA_VERSION)
                .field("requestid", r.requestId());
        j.name("data").startObject()
                .field("eventName", r.eventName())
                .field("eventTime", time)
                .field("requestId", r.requestId())
                .field("accountId", r.accountId());
        write(j.name("userIdentity"), r.userIdentity());
        // CloudTrail's spelling, which auditors' tooling expects
        j.field("sourceIPAddress", r.sourceIpAddress())
                .field("userAgent", r.userAgent());
        write(j.name("requestParameters"), r.requestParameters());
        write(j.name("responseElements"), r.responseElements());
        j.field("errorCode", r.errorCode())
                .field("errorMessage", r.errorMessage())
                .field("decision", r.decision());
        j.name("decidingStatements").startArray();
        for (DecidingStatement d : r.decidingStatements()) {
            j.startObject()
                    .field("policyName", d.policyName())
                    .field("sid", d.sid())
                    .name("index").value(d.index())
                    .field("effect", d.effect().name())
                    .endObject();
        }
        return j.endArray().endObject().endObject().toByteArray();
    }

    /**
     * The record's maps hold only maps, lists, strings, numbers, booleans and nulls; anything else
     * would be written as its string form.
     */
    private static void write(JsonBytes j, Object v) {
        if (v == null) {
            j.nullValue();
        } else if (v instanceof String s) {
            j.value(s);
        } else if (v instanceof java.util.Map<?, ?> m) {
            j.startObject();
            for (var e : m.entrySet()) {
                write(j.name(String.valueOf(e.getKey())), e.getValue());
            }
            j.endObject();
        } else if (v instanceof Iterable<?> list) {
            j.startArray();
            for (Object o : list) {
                write(j, o);
            }
            j.endArray();
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            j.value(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            j.value(b);
        } else {
            j.value(String.valueOf(v));
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

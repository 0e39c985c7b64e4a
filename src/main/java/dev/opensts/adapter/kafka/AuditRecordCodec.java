package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecord.Resource;
import dev.opensts.app.audit.AuditRecord.SessionContext;
import dev.opensts.app.audit.AuditRecord.SessionIssuer;
import dev.opensts.app.audit.AuditRecord.UserIdentity;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.text.IsoTime;

import java.time.Instant;

/**
 * An audit record as the CloudEvents JSON of docs/audit-events.md (schema version 2: a CloudTrail record as
 * {@code data}). Hand-written with Jackson's streaming generator rather than the CloudEvents SDK: this runs once
 * per issuance, on the hot path, and the SDK would have {@code data} serialized to bytes first and then written
 * again into the envelope (an intermediate buffer and copy per record) for the same bytes on the wire.
 */
final class AuditRecordCodec {
    static final int SCHEMA_VERSION = 2;
    static final String EVENT_VERSION = "1.11";

    private final ObjectMapper json;

    AuditRecordCodec(ObjectMapper json) {
        this.json = json;
    }

    /** Written field by field with a streaming generator: it builds no intermediate tree. */
    byte[] encode(AuditRecord r, String source) {
        var out = new java.io.ByteArrayOutputStream(2048);
        String time = IsoTime.instant(r.eventTime());
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", r.eventId());
            g.writeStringField("source", source);
            g.writeStringField("type", r.type());
            g.writeStringField("subject", r.recipientAccountId());
            g.writeStringField("time", time);
            g.writeStringField("datacontenttype", "application/json");
            g.writeNumberField("schemaversion", SCHEMA_VERSION);
            g.writeStringField("requestid", r.requestId());
            g.writeObjectFieldStart("data");
            g.writeStringField("eventVersion", EVENT_VERSION);
            g.writeFieldName("userIdentity");
            write(g, r.userIdentity());
            g.writeStringField("eventTime", time);
            g.writeStringField("eventSource", r.eventSource());
            g.writeStringField("eventName", r.eventName());
            g.writeStringField("awsRegion", r.awsRegion());
            // CloudTrail's spelling, which auditors' tooling expects
            g.writeStringField("sourceIPAddress", r.sourceIpAddress());
            g.writeStringField("userAgent", r.userAgent());
            if (r.errorCode() != null) {
                g.writeStringField("errorCode", r.errorCode());
                g.writeStringField("errorMessage", r.errorMessage());
            }
            g.writeFieldName("requestParameters");
            write(g, r.requestParameters());
            g.writeFieldName("responseElements");
            write(g, r.responseElements());
            g.writeStringField("requestID", r.requestId());
            g.writeStringField("eventID", r.eventId());
            g.writeBooleanField("readOnly", r.readOnly());
            g.writeArrayFieldStart("resources");
            for (Resource res : r.resources()) {
                g.writeStartObject();
                g.writeStringField("ARN", res.arn());
                g.writeStringField("accountId", res.accountId());
                g.writeStringField("type", res.type());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("eventType", r.eventType());
            g.writeBooleanField("managementEvent", true);
            g.writeStringField("recipientAccountId", r.recipientAccountId());
            g.writeStringField("eventCategory", "Management");
            if (r.tlsDetails() != null) {
                g.writeObjectFieldStart("tlsDetails");
                g.writeStringField("tlsVersion", r.tlsDetails().tlsVersion());
                g.writeStringField("cipherSuite", r.tlsDetails().cipherSuite());
                g.writeStringField("clientProvidedHostHeader", r.tlsDetails().clientProvidedHostHeader());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("additionalEventData");
            if (r.decision() != null) {
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
            }
            for (var e : r.additional().entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
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
        if (u.principalId() != null) {
            g.writeStringField("principalId", u.principalId());
        }
        if (u.arn() != null) {
            g.writeStringField("arn", u.arn());
        }
        if (u.accountId() != null) {
            g.writeStringField("accountId", u.accountId());
        }
        if (u.accessKeyId() != null) {
            g.writeStringField("accessKeyId", u.accessKeyId());
        }
        if (u.userName() != null) {
            g.writeStringField("userName", u.userName());
        }
        if (u.identityProvider() != null) {
            g.writeStringField("identityProvider", u.identityProvider());
        }
        SessionContext s = u.sessionContext();
        if (s != null) {
            g.writeObjectFieldStart("sessionContext");
            SessionIssuer issuer = s.sessionIssuer();
            if (issuer != null) {
                g.writeObjectFieldStart("sessionIssuer");
                g.writeStringField("type", issuerType(issuer.arn()));
                g.writeStringField("principalId", issuer.principalId());
                g.writeStringField("arn", issuer.arn());
                g.writeStringField("accountId", issuer.accountId());
                if (issuer.userName() != null) { // a federated user's root issuer has none
                    g.writeStringField("userName", issuer.userName());
                }
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

    /**
     * The record's maps hold only maps, lists, strings, numbers, booleans, instants and nulls: written directly,
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
        } else if (v instanceof Instant t) {
            g.writeString(IsoTime.instant(t));
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    /** CloudTrail's sessionIssuer type: Role for role sessions, IAMUser or Root for a federated user's issuer. */
    private static String issuerType(String issuerArn) {
        dev.opensts.arn.Arn arn = dev.opensts.arn.Arn.parse(issuerArn);
        String kind = arn == null ? "" : arn.resourceType();
        return switch (kind) {
            case "user" -> "IAMUser";
            case "root" -> "Root";
            default -> "Role";
        };
    }
}

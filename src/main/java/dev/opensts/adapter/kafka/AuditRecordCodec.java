package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecord.Response;
import dev.opensts.app.audit.AuditRecord.SessionContext;
import dev.opensts.app.audit.AuditRecord.SessionIssuer;
import dev.opensts.app.audit.AuditRecord.UserIdentity;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.text.IsoTime;

/** An audit record as the CloudEvents JSON of docs/audit-events.md (schema version 1). */
final class AuditRecordCodec {
    static final int SCHEMA_VERSION = 1;

    private final ObjectMapper json;

    AuditRecordCodec(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Written field by field with a streaming generator: this runs once per issuance, on the hot
     * path, so it builds no intermediate tree. The CloudEvents id is the request id, unique per request.
     */
    byte[] encode(AuditRecord r, String source) {
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
        if (u.identityProvider() != null) {
            g.writeStringField("identityProvider", u.identityProvider());
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
        if (r.webIdentity() != null) {
            g.writeStringField("subjectFromWebIdentityToken", r.webIdentity().subjectFromWebIdentityToken());
            g.writeStringField("provider", r.webIdentity().provider());
            g.writeStringField("audience", r.webIdentity().audience());
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
}

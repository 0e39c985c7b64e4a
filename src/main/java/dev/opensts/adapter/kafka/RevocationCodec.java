package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.view.Revocation;

import java.io.IOException;
import java.time.Instant;

/**
 * The dev.opensts.sts.SessionsRevoked event: a CloudEvents 1.0 JSON object, schema version 1, on
 * the revocations topic (documented in docs/events.md).
 */
public final class RevocationCodec {
    public static final String TYPE = "dev.opensts.sts.SessionsRevoked";
    public static final int SCHEMA_VERSION = 1;

    private final ObjectMapper json;

    public RevocationCodec(ObjectMapper json) {
        this.json = json;
    }

    public byte[] encode(Revocation r, String source, String requestId) {
        ObjectNode o = json.createObjectNode();
        o.put("specversion", "1.0");
        o.put("id", r.revocationId());
        o.put("source", source);
        o.put("type", TYPE);
        o.put("subject", r.subject());
        o.put("time", r.effectiveAt().toString());
        o.put("datacontenttype", "application/json");
        o.put("schemaversion", SCHEMA_VERSION);
        if (requestId != null) {
            o.put("requestid", requestId);
        }
        ObjectNode d = o.putObject("data");
        d.put("revocationId", r.revocationId());
        d.put("accountId", r.accountId());
        d.put("kind", r.kind().field());
        d.put(r.kind().field(), r.subject());
        d.put("issuedBefore", r.issuedBefore().toString());
        d.put("effectiveAt", r.effectiveAt().toString());
        d.put("expiresAt", r.expiresAt().toString());
        try {
            return json.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException for a record that is not a SessionsRevoked event of schema 1 */
    public Revocation decode(byte[] value) {
        JsonNode o;
        try {
            o = json.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (o == null || !TYPE.equals(o.path("type").asText()) || o.path("schemaversion").asInt() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("not a " + TYPE + " event of schema version " + SCHEMA_VERSION);
        }
        JsonNode d = o.path("data");
        String kindField = d.path("kind").asText();
        Revocation.Kind kind = null;
        for (Revocation.Kind k : Revocation.Kind.values()) {
            if (k.field().equals(kindField)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("unknown revocation kind " + kindField);
        }
        try {
            return new Revocation(text(d, "revocationId"), text(d, "accountId"), kind, text(d, kind.field()),
                    Instant.parse(text(d, "issuedBefore")), Instant.parse(text(d, "effectiveAt")),
                    Instant.parse(text(d, "expiresAt")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed " + TYPE + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode d, String field) {
        JsonNode n = d.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return n.asText();
    }
}

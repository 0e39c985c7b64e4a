package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.view.Revocation;

import java.io.IOException;
import java.time.Instant;

/**
 * The dev.opensts.sts.SessionsRevoked event: a CloudEvents 1.0 JSON object, schema version 2, on
 * the revocations topic (documented in docs/events.md). Version 2 no longer carries the instants the
 * writing replica computed: a revocation takes effect at its record's time on the topic. Version 1
 * events are still read (their issuedBefore is taken as the requested one).
 */
public final class RevocationCodec {
    public static final String TYPE = "dev.opensts.sts.SessionsRevoked";
    public static final int SCHEMA_VERSION = 2;

    private final ObjectMapper json;

    public RevocationCodec(ObjectMapper json) {
        this.json = json;
    }

    /** @param time the envelope's time: when the writing replica decided it (informational) */
    public byte[] encode(Revocation r, String source, String requestId, Instant time) {
        ObjectNode o = json.createObjectNode();
        o.put("specversion", "1.0");
        o.put("id", r.revocationId());
        o.put("source", source);
        o.put("type", TYPE);
        o.put("subject", r.subject());
        o.put("time", time.toString());
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
        if (r.requestedIssuedBefore() != null) {
            d.put("issuedBefore", r.requestedIssuedBefore().toString());
        }
        try {
            return json.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException for a record that is not a SessionsRevoked event of schema 1 or 2 */
    public Revocation decode(byte[] value) {
        JsonNode o;
        try {
            o = json.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        int schema = o == null ? 0 : o.path("schemaversion").asInt();
        if (o == null || !TYPE.equals(o.path("type").asText()) || (schema != 1 && schema != SCHEMA_VERSION)) {
            throw new IllegalArgumentException("not a " + TYPE + " event of schema version 1 or " + SCHEMA_VERSION);
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
            Instant issuedBefore = d.hasNonNull("issuedBefore") ? Instant.parse(text(d, "issuedBefore")) : null;
            if (schema == 1 && issuedBefore == null) {
                throw new IllegalArgumentException("missing issuedBefore");
            }
            return new Revocation(text(d, "revocationId"), text(d, "accountId"), kind, text(d, kind.field()),
                    issuedBefore);
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

package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.VersionRule;
import dev.opensts.view.Revocation;

import java.time.Instant;

/**
 * The dev.opensts.sts.SessionsRevoked event in the CloudEvents envelope ({@link CloudEventsEnvelope}), schema
 * version 2 of {@code data}, on the revocations topic (docs/events.md). Keyed and subject by the revoked subject;
 * its stream is the revocation itself, so {@code expectedversion} is 0.
 *
 * <p>Records of older writers are still read: schema version 2 without {@code expectedversion} (before revocations
 * joined the IAM events' pipeline) counts as expecting 0, the only version a revocation is ever written with; schema
 * version 1 also carried the instants the writing replica computed, ignored now (its {@code issuedBefore} is taken
 * as the requested one).
 */
public final class RevocationCodec implements EnvelopeCodec<Revocation> {
    public static final String TYPE = Revocation.TYPE;
    public static final int SCHEMA_VERSION = 2;

    private final ObjectMapper json;

    public RevocationCodec(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String key(EventEnvelope<Revocation> e) {
        return e.event().subject();
    }

    @Override
    public byte[] encode(EventEnvelope<Revocation> e) {
        Revocation r = e.event();
        ObjectNode d = json.createObjectNode();
        d.put("revocationId", r.revocationId());
        d.put("accountId", r.accountId());
        d.put("kind", r.kind().field());
        d.put(r.kind().field(), r.subject());
        if (r.requestedIssuedBefore() != null) {
            d.put("issuedBefore", r.requestedIssuedBefore().toString());
        }
        if (r.provider() != null) {
            d.put("webIdentityProvider", r.provider());
        }
        return CloudEventsEnvelope.write(json, e, r.subject(), SCHEMA_VERSION, d);
    }

    @Override
    public EventEnvelope<Revocation> decode(byte[] value) {
        CloudEventsEnvelope.Read read = CloudEventsEnvelope.read(json, value);
        int schema = read.schemaVersion();
        if (!TYPE.equals(read.type()) || (schema != 1 && schema != SCHEMA_VERSION)) {
            throw new IllegalArgumentException("not a " + TYPE + " event of schema version 1 or " + SCHEMA_VERSION);
        }
        JsonNode d = read.data();
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
        Revocation r;
        try {
            Instant issuedBefore = d.hasNonNull("issuedBefore") ? Instant.parse(text(d, "issuedBefore")) : null;
            if (schema == 1 && issuedBefore == null) {
                throw new IllegalArgumentException("missing issuedBefore");
            }
            r = new Revocation(text(d, "revocationId"), text(d, "accountId"), kind, text(d, kind.field()),
                    issuedBefore, kind == Revocation.Kind.WEB_IDENTITY ? text(d, "webIdentityProvider") : null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed " + TYPE + ": " + e.getMessage());
        }
        long expected = read.expectedVersion() == null ? VersionRule.INITIAL : read.expectedVersion();
        return new EventEnvelope<>(read.id(), r.streamId(), expected, read.time(), read.source(), read.requestId(),
                read.actor(), r);
    }

    private static String text(JsonNode d, String field) {
        JsonNode n = d.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return n.asText();
    }
}

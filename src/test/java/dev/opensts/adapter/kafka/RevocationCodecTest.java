package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.iam.Actor;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.view.Revocation;
import dev.opensts.view.Revocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationCodecTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String ROLE = "arn:aws:iam::123456789012:role/team/App";
    final RevocationCodec codec = new RevocationCodec(EventCodec.mapper());

    static String subjectOf(Revocation.Kind kind) {
        return switch (kind) {
            case ROLE -> ROLE;
            case ACCESS_KEY -> "ASIAAAAAAAAAAAAA0001";
            case SOURCE_IDENTITY -> "alice@example.com";
            case PRINCIPAL -> "arn:aws:iam::123456789012:user/eng/alice";
            case WEB_IDENTITY -> "system:serviceaccount:team-a:builder";
        };
    }

    static EventEnvelope<Revocation> envelope(Revocation r, String requestId) {
        return new EventEnvelope<>(r.revocationId(), r.streamId(), 0, T0, "/opensts/replica-a", requestId, r);
    }

    @ParameterizedTest
    @EnumSource(Revocation.Kind.class)
    void round_trip(Revocation.Kind kind) {
        var r = new Revocation("5f0c7c1e-3d7a-4a43-9a0b-2f3c1f7f9d11", "123456789012", kind, subjectOf(kind),
                kind == Revocation.Kind.ROLE ? T0.minusSeconds(60) : null,
                kind == Revocation.Kind.WEB_IDENTITY ? "arn:aws:iam::123456789012:oidc-provider/k8s.example.com" : null);
        var e = new EventEnvelope<>(r.revocationId(), r.streamId(), 0, T0, "/opensts/replica-a", "req-1",
                new Actor("AssumedRole", "arn:aws:sts::123456789012:assumed-role/ops/alice", "ASIAOPSSESSION000001",
                        "123456789012"), r);
        assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
        assertThat(codec.key(e)).isEqualTo(subjectOf(kind));
    }

    @Test
    void the_same_envelope_as_the_iam_events_with_the_revoked_subject() throws Exception {
        var r = new Revocation("id-1", "123456789012", Revocation.Kind.ROLE, ROLE, null);
        JsonNode node = EventCodec.mapper().readTree(codec.encode(envelope(r, null)));
        assertThat(node.path("specversion").asText()).isEqualTo("1.0");
        assertThat(node.path("id").asText()).isEqualTo("id-1");
        assertThat(node.path("type").asText()).isEqualTo("dev.opensts.sts.SessionsRevoked");
        assertThat(node.path("subject").asText()).isEqualTo(ROLE);
        assertThat(node.path("time").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(node.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(node.path("schemaversion").asInt()).isEqualTo(2);
        assertThat(node.path("expectedversion").isIntegralNumber()).isTrue();
        assertThat(node.path("expectedversion").asLong()).isZero();
        assertThat(node.has("requestid")).isFalse();
        assertThat(node.path("data").path("roleArn").asText()).isEqualTo(ROLE);
    }

    /** Written before revocations joined the IAM events' pipeline: schema 2 without expectedversion. */
    @Test
    void an_old_schema_2_record_without_expectedversion_is_read_as_expecting_0() {
        String old = """
                {"specversion":"1.0","id":"5f0c7c1e-3d7a-4a43-9a0b-2f3c1f7f9d11","source":"/opensts/replica-a",
                 "type":"dev.opensts.sts.SessionsRevoked","subject":"arn:aws:iam::000000000000:role/app",
                 "time":"2026-11-28T06:10:00.123Z","datacontenttype":"application/json","schemaversion":2,
                 "requestid":"0c3b4f4e9a6d41c2",
                 "data":{"revocationId":"5f0c7c1e-3d7a-4a43-9a0b-2f3c1f7f9d11","accountId":"000000000000",
                         "kind":"roleArn","roleArn":"arn:aws:iam::000000000000:role/app"}}""";
        var e = codec.decode(old.getBytes(StandardCharsets.UTF_8));
        assertThat(e.expectedVersion()).isZero();
        assertThat(e.streamId()).isEqualTo("5f0c7c1e-3d7a-4a43-9a0b-2f3c1f7f9d11");
        assertThat(e.requestId()).isEqualTo("0c3b4f4e9a6d41c2");
        assertThat(e.actor()).as("written before revocations named their actor").isNull();
        assertThat(e.event()).isEqualTo(new Revocation("5f0c7c1e-3d7a-4a43-9a0b-2f3c1f7f9d11", "000000000000",
                Revocation.Kind.ROLE, "arn:aws:iam::000000000000:role/app", null));
        // and it applies like a new one
        var index = new Revocations();
        assertThat(index.apply(e, T0, T0)).isTrue();
        assertThat(index.size()).isEqualTo(1);
    }

    /** Schema 1 also carried the instants its writer computed; its issuedBefore counts as the requested one. */
    @Test
    void an_old_schema_1_record_is_read() {
        String old = """
                {"specversion":"1.0","id":"r-1","source":"/opensts/a","type":"dev.opensts.sts.SessionsRevoked",
                 "subject":"ASIAAAAAAAAAAAAA0001","time":"2025-01-01T00:00:00Z","datacontenttype":"application/json",
                 "schemaversion":1,"data":{"revocationId":"r-1","accountId":"123456789012","kind":"accessKeyId",
                 "accessKeyId":"ASIAAAAAAAAAAAAA0001","issuedBefore":"2025-01-01T00:00:00Z",
                 "effectiveAt":"2025-01-01T00:00:00Z","expiresAt":"2025-01-02T12:00:00Z"}}""";
        var e = codec.decode(old.getBytes(StandardCharsets.UTF_8));
        assertThat(e.expectedVersion()).isZero();
        assertThat(e.event().kind()).isEqualTo(Revocation.Kind.ACCESS_KEY);
        assertThat(e.event().requestedIssuedBefore()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void what_is_not_a_revocation_is_rejected() {
        var r = new Revocation("id-1", "123456789012", Revocation.Kind.ROLE, ROLE, null);
        String good = new String(codec.encode(envelope(r, null)), StandardCharsets.UTF_8);
        for (String bad : new String[]{"not json", "[]", good.replace("SessionsRevoked", "SessionsRestored"),
                good.replace("\"schemaversion\":2", "\"schemaversion\":3"),
                good.replace("\"kind\":\"roleArn\"", "\"kind\":\"userName\""),
                good.replace("\"expectedversion\":0", "\"expectedversion\":-1"),
                good.replace("\"time\":\"2026-03-01T10:00:00Z\"", "\"time\":\"soon\"")}) {
            assertThatThrownBy(() -> codec.decode(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

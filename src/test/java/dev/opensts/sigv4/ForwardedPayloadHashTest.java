package dev.opensts.sigv4;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardedPayloadHashTest {
    static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);
    static final String SHA = Crypto.sha256Hex(BODY);
    static final String EMPTY = Crypto.sha256Hex(new byte[0]);

    static HttpRequestView req(String contentSha) {
        List<Map.Entry<String, String>> h = contentSha == null ? List.of(Map.entry("Host", "h"))
                : List.of(Map.entry("Host", "h"), Map.entry("X-Amz-Content-Sha256", contentSha));
        return new HttpRequestView("PUT", "/b/k", "", h, new byte[0]);
    }

    @Test
    void withoutTheHeaderTheBodyOrItsGivenHashIsSigned() {
        assertThat(ForwardedPayloadHash.of(req(null), BODY, null)).isEqualTo(SHA);
        assertThat(ForwardedPayloadHash.of(req(null), null, SHA.toUpperCase())).isEqualTo(SHA);
        assertThat(ForwardedPayloadHash.of(req(null), null, null)).isEqualTo(EMPTY);
    }

    @Test
    void theHeaderMustAgreeWithWhatWasForwarded() {
        assertThat(ForwardedPayloadHash.of(req(SHA), BODY, null)).isEqualTo(SHA);
        assertThat(ForwardedPayloadHash.of(req(SHA), null, SHA)).isEqualTo(SHA);
        assertThatThrownBy(() -> ForwardedPayloadHash.of(req(SHA), "x".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(SigV4Exception.class).hasFieldOrPropertyWithValue("code", "XAmzContentSHA256Mismatch");
        assertThatThrownBy(() -> ForwardedPayloadHash.of(req(SHA), null, EMPTY))
                .isInstanceOf(SigV4Exception.class);
        // a header naming a body that was not forwarded: the body is empty, so it disagrees
        assertThatThrownBy(() -> ForwardedPayloadHash.of(req(SHA), null, null)).isInstanceOf(SigV4Exception.class);
    }

    @Test
    void anS3PresignedUrlWithoutTheHeaderSignsUnsignedPayload() {
        assertThat(ForwardedPayloadHash.of(req(null), null, null, true)).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(ForwardedPayloadHash.of(req(SHA), BODY, null, true)).isEqualTo(SHA);
    }

    @Test
    void unsignedPayloadIsSignedAsSuchAndStreamingIsRefused() {
        assertThat(ForwardedPayloadHash.of(req("UNSIGNED-PAYLOAD"), BODY, null)).isEqualTo("UNSIGNED-PAYLOAD");
        assertThatThrownBy(() -> ForwardedPayloadHash.of(req("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), BODY, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBodyAndADisagreeingHashOrABadHashAreRefused() {
        assertThatThrownBy(() -> ForwardedPayloadHash.of(req(null), BODY, EMPTY)).isInstanceOf(SigV4Exception.class);
        assertThatThrownBy(() -> ForwardedPayloadHash.of(req(null), null, "abc"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

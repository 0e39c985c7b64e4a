package dev.opensts.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The aws-c-auth SigV4 suite: 38 cases x {header, query}, verified and re-signed. */
class SigV4TestSuiteTest {

    private final SigningKeyCache cache = new SigningKeyCache(16);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (VectorCase c : VectorCase.all()) {
            out.add(Arguments.of(c, "header"));
            out.add(Arguments.of(c, "query"));
        }
        return out.stream();
    }

    @Test
    void suiteHasAllCases() {
        assertThat(VectorCase.all()).hasSize(38);
    }

    @ParameterizedTest(name = "{0} [{1}] verifies")
    @MethodSource("cases")
    void verifierAcceptsSignedRequestAndRebuildsCanonicalForms(VectorCase c, String variant) {
        HttpRequestView signed = c.request(variant + "-signed-request.txt");
        SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(c.timestamp(), ZoneOffset.UTC), cache);

        ParsedSignature sig = SigV4Parser.parse(signed);

        assertThat(sig.accessKeyId()).isEqualTo(c.accessKeyId());
        assertThat(sig.credentialScope()).isEqualTo("20150830/us-east-1/service/aws4_request");
        assertThat(sig.requestTime()).isEqualTo(c.timestamp());
        assertThat(sig.presigned()).isEqualTo(variant.equals("query"));
        assertThat(sig.signature()).isEqualTo(c.file(variant + "-signature.txt").strip());
        assertThat(sig.securityToken()).isEqualTo(c.token());
        assertThatCode(() -> verifier.verify(signed, sig, c.secret(), c.normalize())).doesNotThrowAnyException();

        // A token appended after signing is not part of what the client signed (omit_session_token).
        boolean tokenUnsigned = variant.equals("query") && c.omitSessionToken();
        CanonicalRequest canonical = verifier.canonicalRequest(signed, sig, c.normalize(), tokenUnsigned);
        assertThat(canonical.text()).isEqualTo(c.file(variant + "-canonical-request.txt"));
        assertThat(StringToSign.of(sig.requestTime(), sig.credentialScope(), canonical))
                .isEqualTo(c.file(variant + "-string-to-sign.txt"));
    }

    @ParameterizedTest(name = "{0} [{1}] signs")
    @MethodSource("cases")
    void signerReproducesSignedRequest(VectorCase c, String variant) {
        SigV4Signer signer = new SigV4Signer(cache);
        HttpRequestView unsigned = c.request("request.txt");

        HttpRequestView signed = variant.equals("header")
                ? signer.signWithHeaders(unsigned, c.credentials(), c.region(), c.service(), c.timestamp(), c.options())
                : signer.presign(unsigned, c.credentials(), c.region(), c.service(), c.timestamp(), c.expires(),
                        c.options());

        assertThat(signed).isEqualTo(c.request(variant + "-signed-request.txt"));
        assertThat(SigV4Parser.parse(signed).signature()).isEqualTo(c.file(variant + "-signature.txt").strip());
    }
}

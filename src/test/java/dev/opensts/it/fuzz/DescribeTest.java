package dev.opensts.it.fuzz;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The report prints requests and answers, never a secret. */
class DescribeTest {
    final Fixtures fx = GeneratorTest.fixtures();
    final Describe describe = new Describe(fx);

    static RawHttp.Exchange answer(String body) {
        return new RawHttp.Exchange(new RawHttp.Response(200, List.of(Map.entry("Content-Type", "text/xml")),
                body.getBytes(StandardCharsets.UTF_8)), null, false, 0);
    }

    @Test
    void secretsTheServiceIssuesAreRedacted() {
        String text = describe.answer(answer("<CreateAccessKeyResult><SecretAccessKey>abc/def+1</SecretAccessKey>"
                + "<SessionToken>tok</SessionToken></CreateAccessKeyResult> {\"rootSecretAccessKey\":\"xyz\","
                + "\"SessionToken\" : \"t2\",\"AccessKeyId\":\"AKIAX\"}"), 10_000);
        assertThat(text).doesNotContain("abc/def+1", ">tok<", "xyz", "t2\"")
                .contains("<SecretAccessKey><redacted></SecretAccessKey>", "\"rootSecretAccessKey\":\"<redacted>\"",
                        "AKIAX");
    }

    @Test
    void theFuzzersOwnSecretsAreRedactedAlsoUrlEncoded() {
        String token = fx.session().sessionToken();
        RawHttp.Request r = new RawHttp.Request("GET", GeneratorTest.BASE, "/?X-Amz-Security-Token="
                + QueryFuzz.encode(token, false), List.of(Map.entry("Authorization", "Bearer " + fx.decisionToken()),
                Map.entry("X-Amz-Security-Token", token)), null, false);
        String text = describe.request(r, 10_000);
        assertThat(text).doesNotContain(token, QueryFuzz.encode(token, false), fx.decisionToken())
                .contains("<session-token>", "Bearer <decision-token>");
    }

    @Test
    void bytesAreEscaped() {
        assertThat(Describe.escape("a\u0000\u00ff\u6f22")).isEqualTo("a\\x00\\xFF\\u6F22");
    }
}

package dev.opensts.adapter.http;

import dev.opensts.adapter.http.DecisionApi.AuthorizeRequest;
import dev.opensts.adapter.http.DecisionApi.ForwardedRequest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionsTest {
    static final ForwardedRequest GET = new ForwardedRequest("GET", "/b/k", "", List.of(List.of("Host", "h")), null, null);

    static AuthorizeRequest req(ForwardedRequest r, String action, String resource, String service) {
        return new AuthorizeRequest(r, action, resource, null, service, null);
    }

    @Test
    void aWellFormedRequestPasses() {
        Decisions.validate(req(GET, "s3:GetObject", "arn:aws:s3:::b/k", "s3"));
    }

    @Test
    void missingOrMalformedFieldsAreBadRequests() {
        assertThatThrownBy(() -> Decisions.validate(null)).isInstanceOf(Decisions.BadRequest.class);
        assertThatThrownBy(() -> Decisions.validate(req(null, "s3:GetObject", "*", "s3")))
                .hasMessageContaining("'request'");
        assertThatThrownBy(() -> Decisions.validate(req(GET, "GetObject", "*", "s3"))).hasMessageContaining("action");
        assertThatThrownBy(() -> Decisions.validate(req(GET, "s3:GetObject", " ", "s3"))).hasMessageContaining("resource");
        assertThatThrownBy(() -> Decisions.validate(req(GET, "s3:GetObject", "*", null))).hasMessageContaining("service");
        var noHeaders = new ForwardedRequest("GET", "/", "", List.of(), null, null);
        assertThatThrownBy(() -> Decisions.validate(req(noHeaders, "s3:GetObject", "*", "s3")))
                .hasMessageContaining("headers");
        var badPair = new ForwardedRequest("GET", "/", "", List.of(List.of("Host")), null, null);
        assertThatThrownBy(() -> Decisions.validate(req(badPair, "s3:GetObject", "*", "s3")))
                .hasMessageContaining("pair");
        var both = new ForwardedRequest("PUT", "/", "", List.of(List.of("Host", "h")), "aGk=", "00");
        assertThatThrownBy(() -> Decisions.validate(req(both, "s3:PutObject", "*", "s3")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Decisions.decodeBody("not base64!")).hasMessageContaining("base64");
    }

    @Test
    void extraContextMayNotSetKeysOpenStsDerives() {
        Map<String, List<String>> ok = new LinkedHashMap<>();
        ok.put("s3:prefix", List.of("a/"));
        ok.put("aws:SourceIp", List.of("10.0.0.1"));
        ok.put("aws:RequestTag/team", List.of("blue"));
        assertThat(Decisions.extraContext(ok)).containsOnlyKeys("s3:prefix", "aws:SourceIp", "aws:RequestTag/team");
        for (String derived : List.of("aws:username", "AWS:PrincipalArn", "aws:PrincipalTag/team", "aws:CurrentTime",
                "aws:MultiFactorAuthPresent", "aws:userid", "aws:TokenIssueTime", "aws:SourceIdentity")) {
            assertThatThrownBy(() -> Decisions.extraContext(Map.of(derived, List.of("x"))))
                    .as(derived).isInstanceOf(Decisions.BadRequest.class).hasMessageContaining("cannot be set");
        }
        Map<String, List<String>> twice = new LinkedHashMap<>();
        twice.put("s3:prefix", List.of("a"));
        twice.put("S3:Prefix", List.of("b"));
        assertThatThrownBy(() -> Decisions.extraContext(twice)).hasMessageContaining("twice");
        assertThatThrownBy(() -> Decisions.extraContext(Map.of("noprefix", List.of("a"))))
                .isInstanceOf(Decisions.BadRequest.class);
        assertThatThrownBy(() -> Decisions.extraContext(Map.of("s3:prefix", List.of())))
                .isInstanceOf(Decisions.BadRequest.class);
    }

    @Test
    void theResourcesAccountComesFromTheArnOrTheContextAndMustBeKnown() {
        assertThat(Decisions.resourceAccount("arn:aws:iam::111122223333:role/x", Map.of())).isEqualTo("111122223333");
        assertThat(Decisions.resourceAccount("arn:aws:s3:::b/k", Map.of("aws:ResourceAccount", List.of("111122223333"))))
                .isEqualTo("111122223333");
        assertThat(Decisions.resourceAccount("arn:aws:iam::111122223333:role/x",
                Map.of("AWS:resourceaccount", List.of("111122223333")))).isEqualTo("111122223333");
        assertThat(Decisions.resourceAccount("*", Map.of())).isNull();
        // an ARN without an account: the resource service must say whose it is
        assertThatThrownBy(() -> Decisions.resourceAccount("arn:aws:s3:::b/k", Map.of()))
                .isInstanceOf(Decisions.BadRequest.class).hasMessageContaining("aws:ResourceAccount");
        assertThatThrownBy(() -> Decisions.resourceAccount("photos/k", Map.of()))
                .isInstanceOf(Decisions.BadRequest.class);
        assertThatThrownBy(() -> Decisions.resourceAccount("arn:aws:iam::111122223333:role/x",
                Map.of("aws:ResourceAccount", List.of("444455556666")))).hasMessageContaining("contradicts");
        for (List<String> bad : List.of(List.of("12345"), List.of("111122223333", "444455556666"), List.of("abc"))) {
            assertThatThrownBy(() -> Decisions.resourceAccount("arn:aws:s3:::b", Map.of("aws:ResourceAccount", bad)))
                    .as(bad.toString()).isInstanceOf(Decisions.BadRequest.class);
        }
    }

    @Test
    void s3StyleServicesAreKnownByName() {
        assertThat(Decisions.isS3Style("s3")).isTrue();
        assertThat(Decisions.isS3Style("s3-object-lambda")).isTrue();
        assertThat(Decisions.isS3Style("sqs")).isFalse();
    }

    @Test
    void anAuthenticationFailureIsADenyWithTheCodeToRelay() {
        var r = Decisions.failure("ExpiredToken", "expired", 400);
        assertThat(r.decision()).isEqualTo("Deny");
        assertThat(r.principal()).isNull();
        assertThat(r.error().code()).isEqualTo("ExpiredToken");
        assertThat(r.error().httpStatus()).isEqualTo(400);
    }
}

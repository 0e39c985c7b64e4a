package dev.opensts.adapter.http;

import dev.opensts.adapter.http.DecisionApi.AuthorizeRequest;
import dev.opensts.adapter.http.DecisionApi.ForwardedRequest;
import dev.opensts.app.decisions.Decisions;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionTranslationTest {
    static final ForwardedRequest GET = new ForwardedRequest("GET", "/b/k", "", List.of(List.of("Host", "h")), null, null);

    static AuthorizeRequest req(ForwardedRequest r, String action, String resource, String service) {
        return new AuthorizeRequest(r, action, resource, null, service, null);
    }

    @Test
    void aWellFormedRequestPasses() {
        DecisionTranslation.validate(req(GET, "s3:GetObject", "arn:aws:s3:::b/k", "s3"));
    }

    @Test
    void missingOrMalformedFieldsAreBadRequests() {
        assertThatThrownBy(() -> DecisionTranslation.validate(null)).isInstanceOf(Decisions.InvalidRequest.class);
        assertThatThrownBy(() -> DecisionTranslation.validate(req(null, "s3:GetObject", "*", "s3")))
                .hasMessageContaining("'request'");
        assertThatThrownBy(() -> DecisionTranslation.validate(req(GET, "GetObject", "*", "s3"))).hasMessageContaining("action");
        assertThatThrownBy(() -> DecisionTranslation.validate(req(GET, "s3:GetObject", " ", "s3"))).hasMessageContaining("resource");
        assertThatThrownBy(() -> DecisionTranslation.validate(req(GET, "s3:GetObject", "*", null))).hasMessageContaining("service");
        var noHeaders = new ForwardedRequest("GET", "/", "", List.of(), null, null);
        assertThatThrownBy(() -> DecisionTranslation.validate(req(noHeaders, "s3:GetObject", "*", "s3")))
                .hasMessageContaining("headers");
        var badPair = new ForwardedRequest("GET", "/", "", List.of(List.of("Host")), null, null);
        assertThatThrownBy(() -> DecisionTranslation.validate(req(badPair, "s3:GetObject", "*", "s3")))
                .hasMessageContaining("pair");
        var both = new ForwardedRequest("PUT", "/", "", List.of(List.of("Host", "h")), "aGk=", "00");
        assertThatThrownBy(() -> DecisionTranslation.validate(req(both, "s3:PutObject", "*", "s3")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> DecisionTranslation.decodeBody("not base64!")).hasMessageContaining("base64");
    }

    @Test
    void anAuthenticationFailureIsADenyWithTheCodeToRelay() {
        var r = DecisionTranslation.response(new Decisions.Result.NotAuthenticated("ExpiredToken", "expired", 400));
        assertThat(r.decision()).isEqualTo("Deny");
        assertThat(r.principal()).isNull();
        assertThat(r.error().code()).isEqualTo("ExpiredToken");
        assertThat(r.error().httpStatus()).isEqualTo(400);
    }
}

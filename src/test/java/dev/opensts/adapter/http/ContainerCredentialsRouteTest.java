package dev.opensts.adapter.http;

import dev.opensts.app.eks.ContainerCredentials;
import dev.opensts.app.sts.IssuedCredentials;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The container-credentials endpoint's translation: the header's token, the answer the SDKs parse, the statuses. */
class ContainerCredentialsRouteTest {
    @Test
    void the_token_is_the_header_as_sent_without_whitespace_or_a_bearer_prefix() {
        assertThat(ContainerCredentialsRoute.token("eyJhbGciOi.x.y")).isEqualTo("eyJhbGciOi.x.y");
        assertThat(ContainerCredentialsRoute.token("eyJhbGciOi.x.y\n")).isEqualTo("eyJhbGciOi.x.y");
        assertThat(ContainerCredentialsRoute.token("Bearer eyJ.x.y")).isEqualTo("eyJ.x.y");
        assertThat(ContainerCredentialsRoute.token("bearer  eyJ.x.y ")).isEqualTo("eyJ.x.y");
        assertThat(ContainerCredentialsRoute.token("   ")).isEmpty();
        assertThat(ContainerCredentialsRoute.token(null)).isNull();
    }

    @Test
    void the_answer_has_the_five_fields_the_sdks_read_and_whole_second_expiration() {
        var claims = SessionClaims.builder().kind(SessionKind.ASSUMED_ROLE).accountId("123456789012")
                .accessKeyId("ASIAEXAMPLE").secretAccessKey("secret").principalArn(
                        "arn:aws:sts::123456789012:assumed-role/app/eks-prod-x").principalId("AROAX:eks-prod-x")
                .roleArn("arn:aws:iam::123456789012:role/app").roleName("app").roleId("AROAX")
                .sessionName("eks-prod-x").issuedAt(Instant.parse("2026-03-01T10:00:00.123Z"))
                .expiresAt(Instant.parse("2026-03-01T11:00:00.123Z")).originAccessKeyId("ASIAEXAMPLE")
                .originPrincipalArn("arn:aws:iam::123456789012:oidc-provider/example.com")
                .parentAccessKeyId("ASIAEXAMPLE").build();
        var body = ContainerCredentialsRoute.body(new ContainerCredentials.Issued(new IssuedCredentials(claims,
                "session-token", null), "123456789012"));
        assertThat(body.toString()).isEqualTo("{\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"secret\","
                + "\"Token\":\"session-token\",\"Expiration\":\"2026-03-01T11:00:00Z\",\"AccountId\":\"123456789012\"}");
    }

    @Test
    void statuses() {
        assertThat(status(ErrorCode.MissingAuthenticationToken)).isEqualTo(401);
        assertThat(status(ErrorCode.AccessDenied)).isEqualTo(403);
        assertThat(status(ErrorCode.InvalidRequestException)).isEqualTo(400);
        assertThat(status(ErrorCode.ServiceUnavailable)).isEqualTo(503);
        assertThat(ContainerCredentialsRoute.status(WireError.of(new IllegalStateException("defect"), "r", "t")))
                .isEqualTo(500);
    }

    private static int status(ErrorCode code) {
        return ContainerCredentialsRoute.status(WireError.of(new AwsException(code, "m"), "r", "t"));
    }
}

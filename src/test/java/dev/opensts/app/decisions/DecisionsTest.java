package dev.opensts.app.decisions;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a resource service may add to a decision's context, and whose resource it asks about. */
class DecisionsTest {
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
                    .as(derived).isInstanceOf(Decisions.InvalidRequest.class).hasMessageContaining("cannot be set");
        }
        Map<String, List<String>> twice = new LinkedHashMap<>();
        twice.put("s3:prefix", List.of("a"));
        twice.put("S3:Prefix", List.of("b"));
        assertThatThrownBy(() -> Decisions.extraContext(twice)).hasMessageContaining("twice");
        assertThatThrownBy(() -> Decisions.extraContext(Map.of("noprefix", List.of("a"))))
                .isInstanceOf(Decisions.InvalidRequest.class);
        assertThatThrownBy(() -> Decisions.extraContext(Map.of("s3:prefix", List.of())))
                .isInstanceOf(Decisions.InvalidRequest.class);
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
                .isInstanceOf(Decisions.InvalidRequest.class).hasMessageContaining("aws:ResourceAccount");
        assertThatThrownBy(() -> Decisions.resourceAccount("photos/k", Map.of()))
                .isInstanceOf(Decisions.InvalidRequest.class);
        assertThatThrownBy(() -> Decisions.resourceAccount("arn:aws:iam::111122223333:role/x",
                Map.of("aws:ResourceAccount", List.of("444455556666")))).hasMessageContaining("contradicts");
        for (List<String> bad : List.of(List.of("12345"), List.of("111122223333", "444455556666"), List.of("abc"))) {
            assertThatThrownBy(() -> Decisions.resourceAccount("arn:aws:s3:::b", Map.of("aws:ResourceAccount", bad)))
                    .as(bad.toString()).isInstanceOf(Decisions.InvalidRequest.class);
        }
    }

    @Test
    void s3StyleServicesAreKnownByName() {
        assertThat(Decisions.isS3Style("s3")).isTrue();
        assertThat(Decisions.isS3Style("s3-object-lambda")).isTrue();
        assertThat(Decisions.isS3Style("sqs")).isFalse();
    }
}

package dev.opensts.sigv4;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectedScopeTest {
    static ParsedSignature signedFor(String region, String service) {
        return new ParsedSignature("AKIA", "20260101", region, service, List.of("host"), "00", Instant.EPOCH,
                false, null, null);
    }

    @Test
    void theServiceMustBeTheOneExpected() {
        var sts = new ExpectedScope("sts", Set.of("us-east-1"));
        assertThatCode(() -> sts.check(signedFor("us-east-1", "sts"))).doesNotThrowAnyException();
        for (String other : List.of("s3", "sqs", "execute-api", "iam", "STS", "sts ")) {
            assertThatThrownBy(() -> sts.check(signedFor("us-east-1", other))).as(other)
                    .isInstanceOfSatisfying(SigV4Exception.class, e -> {
                        org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
                        org.assertj.core.api.Assertions.assertThat(e.httpStatus()).isEqualTo(403);
                    })
                    .hasMessage("Credential should be scoped to correct service: 'sts'.");
        }
    }

    @Test
    void theRegionMustBeOneServedAndAnEmptySetAcceptsAny() {
        var sts = new ExpectedScope("sts", Set.of("us-east-1", "eu-west-1"));
        assertThatCode(() -> sts.check(signedFor("eu-west-1", "sts"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> sts.check(signedFor("eu-west-3", "sts")))
                .hasMessage("Credential should be scoped to a valid region, not 'eu-west-3'.");
        var any = new ExpectedScope("s3", Set.of());
        assertThatCode(() -> any.check(signedFor("ap-south-2", "s3"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> any.check(signedFor("ap-south-2", "sqs"))).isInstanceOf(SigV4Exception.class);
    }
}

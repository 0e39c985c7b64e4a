package dev.opensts.app.audit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulation of a principal's policies records that principal among its resources; other ARNs are not guessed. */
class SimulatorResourcesTest {
    @Test
    void the_simulated_user_role_or_group() {
        for (var kind : Map.of("user/eng/alice", "AWS::IAM::User", "role/R", "AWS::IAM::Role",
                "group/Devs", "AWS::IAM::Group").entrySet()) {
            String arn = "arn:aws:iam::123456789012:" + kind.getKey();
            assertThat(AuditRecords.resources(AuditRecord.Service.iam, Map.of("policySourceArn", arn),
                    "123456789012", null)).containsExactly(new AuditRecord.Resource(arn, "123456789012",
                    kind.getValue()));
        }
        assertThat(AuditRecords.resources(AuditRecord.Service.iam,
                Map.of("policySourceArn", "arn:aws:iam::123456789012:policy/P"), "123456789012", null)).isEmpty();
        assertThat(AuditRecords.resources(AuditRecord.Service.iam, Map.of("policySourceArn", "garbage"),
                "123456789012", null)).isEmpty();
    }
}

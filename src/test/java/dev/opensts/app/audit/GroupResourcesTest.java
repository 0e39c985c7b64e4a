package dev.opensts.app.audit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An IAM request that names a group records the group among its resources. */
class GroupResourcesTest {
    @Test
    void a_group_and_a_user_named_by_add_user_to_group() {
        assertThat(AuditRecords.resources(AuditRecord.Service.iam, Map.of("groupName", "Devs", "userName", "alice"),
                "123456789012", null)).containsExactlyInAnyOrder(
                new AuditRecord.Resource("arn:aws:iam::123456789012:user/alice", "123456789012", "AWS::IAM::User"),
                new AuditRecord.Resource("arn:aws:iam::123456789012:group/Devs", "123456789012", "AWS::IAM::Group"));
    }
}

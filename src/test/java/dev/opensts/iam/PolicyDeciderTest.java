package dev.opensts.iam;

import dev.opensts.iam.PolicyCommand.CreatePolicy;
import dev.opensts.iam.PolicyCommand.DeletePolicy;
import dev.opensts.iam.PolicyEvent.PolicyCreated;
import dev.opensts.iam.PolicyEvent.PolicyDeleted;
import dev.opensts.policy.PolicyKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class PolicyDeciderTest {
    private static final String A = ACCOUNT;
    private static final DeciderSpec<PolicyCommand, ManagedPolicyState, PolicyEvent> policy =
            new DeciderSpec<>((c, s) -> PolicyDecider.decide(c, s, Quotas.AWS), PolicyDecider::evolve);

    private static PolicyCreated created() {
        return new PolicyCreated(A, "ReadAll", "ANPAEXAMPLE000000001", "/", "reads", PERMISSIONS,
                List.of(new Tag("t", "1")), T0);
    }

    private static CreatePolicy create(String document, List<Tag> tags) {
        return new CreatePolicy(A, "ReadAll", "ANPAEXAMPLE000000001", "/", "reads", document, tags, T0);
    }

    @Test
    void creates_a_policy() {
        policy.given().when(create(PERMISSIONS, List.of(new Tag("t", "1")))).then(created())
                .thenState(s -> {
                    assertThat(s.arn()).isEqualTo("arn:aws:iam::" + A + ":policy/ReadAll");
                    assertThat(s.document()).isEqualTo(PERMISSIONS);
                });
    }

    @Test
    void a_policy_of_that_name_exists_already() {
        policy.given(created()).when(create(PERMISSIONS, List.of())).thenFails(EntityAlreadyExists,
                "A policy called ReadAll already exists. Duplicate names are not allowed.");
    }

    @Test
    void malformed_document() {
        policy.given().when(create(MALFORMED, List.of()))
                .thenFails(MalformedPolicyDocument, parserMessage(MALFORMED, PolicyKind.MANAGED));
    }

    @Test
    void a_managed_policy_names_no_principal() {
        policy.given().when(create(TRUST, List.of()))
                .thenFails(MalformedPolicyDocument, parserMessage(TRUST, PolicyKind.MANAGED));
    }

    @Test
    void tag_rules_apply_at_creation() {
        policy.given().when(create(PERMISSIONS, List.of(new Tag("a", "1"), new Tag("A", "2")))).thenFails(InvalidInput);
        policy.given().when(create(PERMISSIONS, tags(51))).thenFails(LimitExceeded);
    }

    @Test
    void deletes_and_evolves_to_null() {
        policy.given(created()).when(new DeletePolicy(A, "readall"))
                .then(new PolicyDeleted(A, "ReadAll"))
                .thenState(s -> assertThat(s).isNull());
    }

    @Test
    void delete_missing() {
        policy.given().when(new DeletePolicy(A, "ReadAll"))
                .thenFails(NoSuchEntity, "Policy arn:aws:iam::" + A + ":policy/ReadAll was not found.");
        policy.given(created(), new PolicyDeleted(A, "ReadAll")).when(new DeletePolicy(A, "ReadAll"))
                .thenFails(NoSuchEntity);
    }

    @Test
    void recreate_after_delete() {
        policy.given(created(), new PolicyDeleted(A, "ReadAll")).when(create(PERMISSIONS, List.of(new Tag("t", "1"))))
                .then(created());
    }
}

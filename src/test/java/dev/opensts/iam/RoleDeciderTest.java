package dev.opensts.iam;

import dev.opensts.iam.RoleCommand.*;
import dev.opensts.iam.RoleEvent.*;
import dev.opensts.policy.PolicyKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class RoleDeciderTest {
    private static final String A = ACCOUNT;
    private static final DeciderSpec<RoleCommand, RoleState, RoleEvent> role =
            new DeciderSpec<>((c, s) -> RoleDecider.decide(c, s, Quotas.AWS), RoleDecider::evolve);

    private static RoleCreated created() {
        return created(List.of());
    }

    private static RoleCreated created(List<Tag> tags) {
        return new RoleCreated(A, "App", "AROAEXAMPLE000000001", "/svc/", TRUST, "the app", 3600, tags, T0);
    }

    private static CreateRole create(int maxSession, List<Tag> tags) {
        return new CreateRole(A, "App", "AROAEXAMPLE000000001", "/svc/", TRUST, "the app", maxSession, tags, T0);
    }

    private static RoleEvent[] attachedUpTo(int n) {
        var events = new ArrayList<RoleEvent>();
        events.add(created());
        for (int i = 0; i < n; i++) {
            events.add(new RolePolicyAttached(A, "App", managedArn(i)));
        }
        return events.toArray(RoleEvent[]::new);
    }

    @Nested
    class CreateRoleCommand {
        @Test
        void creates_a_role() {
            role.given().when(create(3600, List.of(new Tag("env", "prod"))))
                    .then(created(List.of(new Tag("env", "prod"))));
        }

        @Test
        void a_role_of_that_name_exists_already() {
            role.given(created()).when(create(3600, List.of()))
                    .thenFails(EntityAlreadyExists, "Role with name App already exists.");
        }

        @Test
        void a_deleted_role_can_be_created_again() {
            role.given(created(), new RoleDeleted(A, "App")).when(create(3600, List.of())).then(created());
        }

        @ParameterizedTest
        @ValueSource(ints = {3600, 7200, 43200})
        void max_session_duration_within_bounds(int seconds) {
            role.given().when(create(seconds, List.of()))
                    .thenState(s -> assertThat(s.maxSessionDuration()).isEqualTo(seconds));
        }

        @Test
        void max_session_duration_below_one_hour() {
            role.given().when(create(3599, List.of())).thenFails(ValidationError,
                    "1 validation error detected: Value '3599' at 'maxSessionDuration' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 3600");
        }

        @Test
        void max_session_duration_above_twelve_hours() {
            role.given().when(create(43201, List.of())).thenFails(ValidationError,
                    "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 43200");
        }

        @Test
        void malformed_trust_policy() {
            var c = new CreateRole(A, "App", "AROAEXAMPLE000000001", "/", MALFORMED, null, 3600, List.of(), T0);
            role.given().when(c).thenFails(MalformedPolicyDocument, parserMessage(MALFORMED, PolicyKind.TRUST));
        }

        @Test
        void iam_principals_of_the_trust_policy_are_bound_to_their_ids_and_must_exist() {
            String names = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "[\"arn:aws:iam::" + A + ":user/ops/Alice\",\"arn:aws:iam::" + A + ":root\"]},"
                    + "\"Action\":\"sts:AssumeRole\"}]}";
            var known = java.util.Map.of(A + ":user/alice", "AIDAALICE");
            var c = new CreateRole(A, "App", "AROAEXAMPLE000000001", "/", names, null, 3600, List.of(), T0, null,
                    known);
            role.given().when(c).thenState(s -> assertThat(s.trustPrincipalIds()).isEqualTo(known));
            var unknown = new CreateRole(A, "App", "AROAEXAMPLE000000001", "/", names, null, 3600, List.of(), T0,
                    null, java.util.Map.of());
            role.given().when(unknown).thenFails(MalformedPolicyDocument,
                    "Invalid principal in policy: account " + A + " has no IAM user named alice.");
            // the same rule when the trust policy is replaced; the new bindings replace the old ones
            role.given(created()).when(new UpdateAssumeRolePolicy(A, "App", names, known))
                    .thenState(s -> assertThat(s.trustPrincipalIds()).isEqualTo(known));
            role.given(created()).when(new UpdateAssumeRolePolicy(A, "App", names, java.util.Map.of()))
                    .thenFails(MalformedPolicyDocument);
        }

        @Test
        void a_trust_policy_needs_a_principal() {
            var c = new CreateRole(A, "App", "AROAEXAMPLE000000001", "/", PERMISSIONS, null, 3600, List.of(), T0);
            role.given().when(c).thenFails(MalformedPolicyDocument, parserMessage(PERMISSIONS, PolicyKind.TRUST));
        }

        @Test
        void duplicate_tag_keys_differing_in_case() {
            role.given().when(create(3600, List.of(new Tag("Env", "a"), new Tag("env", "b")))).thenFails(InvalidInput,
                    "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }

        @Test
        void fifty_tags_are_fine_fifty_one_are_not() {
            role.given().when(create(3600, tags(50))).then(created(tags(50)));
            role.given().when(create(3600, tags(51)))
                    .thenFails(LimitExceeded, "The number of tags has reached the maximum limit of 50.");
        }
    }

    static Stream<RoleCommand> everyCommandButCreate() {
        return Stream.of(
                new UpdateRole(A, "Ghost", "d", 3600),
                new UpdateAssumeRolePolicy(A, "Ghost", TRUST),
                new TagRole(A, "Ghost", List.of(new Tag("k", "v"))),
                new UntagRole(A, "Ghost", List.of("k")),
                new PutRolePolicy(A, "Ghost", "p", PERMISSIONS),
                new DeleteRolePolicy(A, "Ghost", "p"),
                new AttachRolePolicy(A, "Ghost", managedArn(1)),
                new DetachRolePolicy(A, "Ghost", managedArn(1)),
                new DeleteRole(A, "Ghost"));
    }

    @ParameterizedTest
    @MethodSource("everyCommandButCreate")
    void every_command_on_a_missing_role_is_no_such_entity(RoleCommand command) {
        role.given().when(command).thenFails(NoSuchEntity, "The role with name Ghost cannot be found.");
        role.given(created(), new RoleDeleted(A, "App")).when(command)
                .thenFails(NoSuchEntity, "The role with name Ghost cannot be found.");
    }

    @Nested
    class Update {
        @Test
        void updates_description_and_session_duration() {
            role.given(created()).when(new UpdateRole(A, "app", "new", 7200))
                    .then(new RoleUpdated(A, "App", "new", 7200))
                    .thenState(s -> {
                        assertThat(s.description()).isEqualTo("new");
                        assertThat(s.maxSessionDuration()).isEqualTo(7200);
                    });
        }

        @Test
        void null_fields_stay_as_they_were() {
            role.given(created()).when(new UpdateRole(A, "App", null, null))
                    .then(new RoleUpdated(A, "App", null, null))
                    .thenState(s -> {
                        assertThat(s.description()).isEqualTo("the app");
                        assertThat(s.maxSessionDuration()).isEqualTo(3600);
                    });
        }

        @Test
        void session_duration_bounds() {
            role.given(created()).when(new UpdateRole(A, "App", null, 3599)).thenFails(ValidationError);
            role.given(created()).when(new UpdateRole(A, "App", null, 43201)).thenFails(ValidationError);
        }

        @Test
        void trust_policy() {
            role.given(created()).when(new UpdateAssumeRolePolicy(A, "App", TRUST_2))
                    .then(new TrustPolicyUpdated(A, "App", TRUST_2))
                    .thenState(s -> assertThat(s.trustPolicy()).isEqualTo(TRUST_2));
        }

        @Test
        void malformed_trust_policy() {
            role.given(created()).when(new UpdateAssumeRolePolicy(A, "App", MALFORMED))
                    .thenFails(MalformedPolicyDocument, parserMessage(MALFORMED, PolicyKind.TRUST));
        }
    }

    @Nested
    class Tagging {
        @Test
        void tag_merge_replaces_keys_case_insensitively() {
            role.given(created(List.of(new Tag("Env", "dev"), new Tag("team", "a"))))
                    .when(new TagRole(A, "App", List.of(new Tag("ENV", "prod"))))
                    .then(new RoleTagged(A, "App", List.of(new Tag("ENV", "prod"))))
                    .thenState(s -> assertThat(s.tags()).containsExactly(new Tag("team", "a"), new Tag("ENV", "prod")));
        }

        @Test
        void duplicate_keys_in_one_request() {
            role.given(created()).when(new TagRole(A, "App", List.of(new Tag("a", "1"), new Tag("A", "2"))))
                    .thenFails(InvalidInput, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }

        @Test
        void the_fifty_first_tag() {
            role.given(created(tags(50))).when(new TagRole(A, "App", List.of(new Tag("one-more", "x"))))
                    .thenFails(LimitExceeded, "The number of tags has reached the maximum limit of 50.");
        }

        @Test
        void replacing_a_tag_at_fifty_is_fine() {
            role.given(created(tags(50))).when(new TagRole(A, "App", List.of(new Tag("K0", "new"))))
                    .thenState(s -> assertThat(s.tags()).hasSize(50).contains(new Tag("K0", "new")));
        }

        @Test
        void untag_removes_case_insensitively() {
            role.given(created(List.of(new Tag("Env", "dev"), new Tag("team", "a"))))
                    .when(new UntagRole(A, "App", List.of("env", "absent")))
                    .then(new RoleUntagged(A, "App", List.of("env", "absent")))
                    .thenState(s -> assertThat(s.tags()).containsExactly(new Tag("team", "a")));
        }
    }

    @Nested
    class InlinePolicies {
        @Test
        void put() {
            role.given(created()).when(new PutRolePolicy(A, "App", "read", PERMISSIONS))
                    .then(new RolePolicyPut(A, "App", "read", PERMISSIONS))
                    .thenState(s -> assertThat(s.inlinePolicies()).containsEntry("read", PERMISSIONS));
        }

        @Test
        void put_malformed() {
            role.given(created()).when(new PutRolePolicy(A, "App", "read", MALFORMED))
                    .thenFails(MalformedPolicyDocument, parserMessage(MALFORMED, PolicyKind.ROLE_INLINE));
        }

        @Test
        void delete() {
            role.given(created(), new RolePolicyPut(A, "App", "read", PERMISSIONS))
                    .when(new DeleteRolePolicy(A, "App", "read"))
                    .then(new RolePolicyDeleted(A, "App", "read"))
                    .thenState(s -> assertThat(s.inlinePolicies()).isEmpty());
        }

        @Test
        void delete_missing() {
            role.given(created()).when(new DeleteRolePolicy(A, "App", "read"))
                    .thenFails(NoSuchEntity, "The role policy with name read cannot be found.");
        }
    }

    @Nested
    class ManagedPolicies {
        @Test
        void attach() {
            role.given(created()).when(new AttachRolePolicy(A, "App", managedArn(1)))
                    .then(new RolePolicyAttached(A, "App", managedArn(1)))
                    .thenState(s -> assertThat(s.attachedPolicyArns()).containsExactly(managedArn(1)));
        }

        @Test
        void attach_twice_changes_nothing() {
            role.given(created(), new RolePolicyAttached(A, "App", managedArn(1)))
                    .when(new AttachRolePolicy(A, "App", managedArn(1))).thenNothing();
        }

        @Test
        void attach_again_at_the_limit_changes_nothing() {
            role.given(attachedUpTo(10)).when(new AttachRolePolicy(A, "App", managedArn(3))).thenNothing();
        }

        @Test
        void the_eleventh_attached_policy() {
            role.given(attachedUpTo(9)).when(new AttachRolePolicy(A, "App", managedArn(9)))
                    .then(new RolePolicyAttached(A, "App", managedArn(9)));
            role.given(attachedUpTo(10)).when(new AttachRolePolicy(A, "App", managedArn(10)))
                    .thenFails(LimitExceeded, "Cannot exceed quota for PoliciesPerRole: 10");
        }

        @Test
        void detach() {
            role.given(created(), new RolePolicyAttached(A, "App", managedArn(1)))
                    .when(new DetachRolePolicy(A, "App", managedArn(1)))
                    .then(new RolePolicyDetached(A, "App", managedArn(1)))
                    .thenState(s -> assertThat(s.attachedPolicyArns()).isEmpty());
        }

        @Test
        void detach_what_is_not_attached() {
            role.given(created()).when(new DetachRolePolicy(A, "App", managedArn(1)))
                    .thenFails(NoSuchEntity, "Policy " + managedArn(1) + " was not found.");
        }
    }

    @Nested
    class Delete {
        @Test
        void deletes_and_evolves_to_null() {
            role.given(created()).when(new DeleteRole(A, "APP"))
                    .then(new RoleDeleted(A, "App"))
                    .thenState(s -> assertThat(s).isNull());
        }

        @Test
        void with_an_inline_policy() {
            role.given(created(), new RolePolicyPut(A, "App", "read", PERMISSIONS)).when(new DeleteRole(A, "App"))
                    .thenFails(DeleteConflict, "Cannot delete entity, must delete policies first.");
        }

        @Test
        void with_an_attached_policy() {
            role.given(created(), new RolePolicyAttached(A, "App", managedArn(1))).when(new DeleteRole(A, "App"))
                    .thenFails(DeleteConflict, "Cannot delete entity, must detach all policies first.");
        }
    }
}

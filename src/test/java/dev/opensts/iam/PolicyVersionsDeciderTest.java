package dev.opensts.iam;

import dev.opensts.iam.PolicyCommand.CreatePolicyVersion;
import dev.opensts.iam.PolicyCommand.DeletePolicy;
import dev.opensts.iam.PolicyCommand.DeletePolicyVersion;
import dev.opensts.iam.PolicyCommand.SetDefaultPolicyVersion;
import dev.opensts.iam.PolicyCommand.TagPolicy;
import dev.opensts.iam.PolicyCommand.UntagPolicy;
import dev.opensts.iam.PolicyEvent.PolicyCreated;
import dev.opensts.iam.PolicyEvent.PolicyDefaultVersionSet;
import dev.opensts.iam.PolicyEvent.PolicyDeleted;
import dev.opensts.iam.PolicyEvent.PolicyTagged;
import dev.opensts.iam.PolicyEvent.PolicyUntagged;
import dev.opensts.iam.PolicyEvent.PolicyVersionCreated;
import dev.opensts.iam.PolicyEvent.PolicyVersionDeleted;
import dev.opensts.policy.PolicyKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The policy aggregate's versions and tags: AWS's five-version limit, ids never reused, the default's rules. */
class PolicyVersionsDeciderTest {
    private static final String A = ACCOUNT;
    private static final String V2_DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}]}";
    private static final DeciderSpec<PolicyCommand, ManagedPolicyState, PolicyEvent> policy =
            new DeciderSpec<>((c, s) -> PolicyDecider.decide(c, s, Quotas.AWS), PolicyDecider::evolve);

    private static PolicyCreated created() {
        return new PolicyCreated(A, "ReadAll", "ANPAEXAMPLE000000001", "/team/", "reads", PERMISSIONS,
                List.of(new Tag("t", "1")), T0);
    }

    private static PolicyVersionCreated version(int n, boolean setAsDefault) {
        return new PolicyVersionCreated(A, "ReadAll", "v" + n, doc(n), setAsDefault, T0.plusSeconds(n));
    }

    private static String doc(int n) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get" + n
                + "\",\"Resource\":\"*\"}]}";
    }

    private static CreatePolicyVersion create(String document, boolean setAsDefault) {
        return new CreatePolicyVersion(A, "readall", document, setAsDefault, T0.plusSeconds(100));
    }

    /** The policy with versions v1..v{count}, the last of them the default. */
    private static PolicyEvent[] withVersions(int count) {
        var events = new ArrayList<PolicyEvent>();
        events.add(created());
        for (int n = 2; n <= count; n++) {
            events.add(version(n, true));
        }
        return events.toArray(PolicyEvent[]::new);
    }

    @Test
    void a_created_policy_and_one_from_an_old_log_have_the_one_default_version_v1() {
        ManagedPolicyState s = policy.fold(List.of(created()));
        assertThat(s.defaultVersionId()).isEqualTo("v1");
        assertThat(s.versions()).containsExactly(new PolicyVersion("v1", PERMISSIONS, T0));
        assertThat(s.lastVersionNumber()).isEqualTo(1);
        assertThat(s.updateDate()).isEqualTo(T0);
        // a read model's JSON written before versions: Jackson leaves the new components null / 0
        ManagedPolicyState old = new ManagedPolicyState(A, "ReadAll", "ANPA1", "/", null, PERMISSIONS, List.of(), T0,
                null, null, 0);
        assertThat(old).isEqualTo(ManagedPolicyState.created(A, "ReadAll", "ANPA1", "/", null, PERMISSIONS,
                List.of(), T0));
    }

    @Test
    void a_new_version_set_as_default_becomes_what_the_policy_says() {
        policy.given(created()).when(create(V2_DOC, true))
                .then(new PolicyVersionCreated(A, "ReadAll", "v2", V2_DOC, true, T0.plusSeconds(100)))
                .thenState(s -> {
                    assertThat(s.defaultVersionId()).isEqualTo("v2");
                    assertThat(s.document()).isEqualTo(V2_DOC);
                    assertThat(s.versions()).extracting(PolicyVersion::versionId).containsExactly("v1", "v2");
                    assertThat(s.updateDate()).isEqualTo(T0.plusSeconds(100));
                    assertThat(s.createDate()).isEqualTo(T0);
                });
    }

    @Test
    void a_new_version_not_set_as_default_changes_nothing_the_policy_allows() {
        policy.given(created()).when(create(V2_DOC, false))
                .then(new PolicyVersionCreated(A, "ReadAll", "v2", V2_DOC, false, T0.plusSeconds(100)))
                .thenState(s -> {
                    assertThat(s.defaultVersionId()).isEqualTo("v1");
                    assertThat(s.document()).isEqualTo(PERMISSIONS);
                    assertThat(s.version("v2").document()).isEqualTo(V2_DOC);
                });
    }

    @Test
    void at_most_five_versions() {
        policy.given(withVersions(4)).when(create(V2_DOC, false)).then(
                new PolicyVersionCreated(A, "ReadAll", "v5", V2_DOC, false, T0.plusSeconds(100)));
        policy.given(withVersions(5)).when(create(V2_DOC, true)).thenFails(LimitExceeded,
                "A managed policy can have up to 5 versions. Before you create a new version, you must delete an "
                        + "existing version.");
    }

    @Test
    void a_deleted_versions_id_is_never_given_again() {
        var events = new ArrayList<>(List.of(withVersions(5)));
        events.add(new PolicyVersionDeleted(A, "ReadAll", "v1"));
        events.add(new PolicyVersionDeleted(A, "ReadAll", "v4"));
        policy.given(events.toArray(PolicyEvent[]::new)).when(create(V2_DOC, true))
                .then(new PolicyVersionCreated(A, "ReadAll", "v6", V2_DOC, true, T0.plusSeconds(100)))
                .thenState(s -> assertThat(s.versions()).extracting(PolicyVersion::versionId)
                        .containsExactly("v2", "v3", "v5", "v6"));
        // also when the highest one itself was deleted
        policy.given(created(), version(2, false), new PolicyVersionDeleted(A, "ReadAll", "v2"))
                .when(create(V2_DOC, false))
                .then(new PolicyVersionCreated(A, "ReadAll", "v3", V2_DOC, false, T0.plusSeconds(100)));
    }

    @Test
    void the_new_versions_document_is_checked_like_a_new_policys() {
        policy.given(created()).when(create(MALFORMED, true))
                .thenFails(MalformedPolicyDocument, parserMessage(MALFORMED, PolicyKind.MANAGED));
        policy.given(created()).when(create(TRUST, true))
                .thenFails(MalformedPolicyDocument, parserMessage(TRUST, PolicyKind.MANAGED));
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:"
                + "x".repeat(6200) + "\",\"Resource\":\"*\"}]}";
        policy.given(created()).when(create(big, true)).thenFails(LimitExceeded,
                "Cannot exceed quota for PolicySize: 6144");
    }

    @Test
    void set_default_switches_the_document_and_back() {
        policy.given(created(), version(2, true)).when(new SetDefaultPolicyVersion(A, "ReadAll", "v1"))
                .then(new PolicyDefaultVersionSet(A, "ReadAll", "v1"))
                .thenState(s -> {
                    assertThat(s.defaultVersionId()).isEqualTo("v1");
                    assertThat(s.document()).isEqualTo(PERMISSIONS);
                    assertThat(s.versions()).hasSize(2);
                });
        policy.given(created(), version(2, true), new PolicyDefaultVersionSet(A, "ReadAll", "v1"))
                .when(new SetDefaultPolicyVersion(A, "ReadAll", "v2"))
                .thenState(s -> assertThat(s.document()).isEqualTo(doc(2)));
    }

    @Test
    void set_default_to_the_default_changes_nothing() {
        policy.given(created(), version(2, true)).when(new SetDefaultPolicyVersion(A, "ReadAll", "v2"))
                .thenNothing();
    }

    @Test
    void set_default_to_a_version_that_does_not_exist() {
        String arn = "arn:aws:iam::" + A + ":policy/team/ReadAll";
        policy.given(created()).when(new SetDefaultPolicyVersion(A, "ReadAll", "v2")).thenFails(NoSuchEntity,
                "Policy " + arn + " version v2 does not exist or is not attachable.");
        policy.given(created(), version(2, false), new PolicyVersionDeleted(A, "ReadAll", "v2"))
                .when(new SetDefaultPolicyVersion(A, "ReadAll", "v2")).thenFails(NoSuchEntity);
        policy.given(created()).when(new SetDefaultPolicyVersion(A, "ReadAll", "V1")).thenFails(NoSuchEntity);
        policy.given(created()).when(new SetDefaultPolicyVersion(A, "ReadAll", "v1.0")).thenFails(NoSuchEntity);
    }

    @Test
    void delete_a_version_but_never_the_default() {
        policy.given(created(), version(2, true)).when(new DeletePolicyVersion(A, "ReadAll", "v1"))
                .then(new PolicyVersionDeleted(A, "ReadAll", "v1"))
                .thenState(s -> {
                    assertThat(s.versions()).extracting(PolicyVersion::versionId).containsExactly("v2");
                    assertThat(s.document()).isEqualTo(doc(2));
                    assertThat(s.updateDate()).isEqualTo(T0.plusSeconds(2));
                });
        policy.given(created(), version(2, true)).when(new DeletePolicyVersion(A, "ReadAll", "v2"))
                .thenFails(DeleteConflict, "Cannot delete the default version of a policy.");
        policy.given(created()).when(new DeletePolicyVersion(A, "ReadAll", "v1")).thenFails(DeleteConflict);
        policy.given(created()).when(new DeletePolicyVersion(A, "ReadAll", "v3")).thenFails(NoSuchEntity);
    }

    @Test
    void delete_policy_refused_while_other_versions_exist() {
        policy.given(created(), version(2, false)).when(new DeletePolicy(A, "ReadAll")).thenFails(DeleteConflict,
                "This policy has more than one version. Before you delete a policy, you must delete the policy's "
                        + "versions. The default version is deleted with the policy.");
        policy.given(created(), version(2, true), new PolicyVersionDeleted(A, "ReadAll", "v1"))
                .when(new DeletePolicy(A, "ReadAll")).then(new PolicyDeleted(A, "ReadAll"));
    }

    @Test
    void a_recreated_policy_starts_again_at_v1() {
        policy.given(created(), version(2, true), new PolicyVersionDeleted(A, "ReadAll", "v1"),
                        new PolicyDeleted(A, "ReadAll"), created())
                .when(create(V2_DOC, false))
                .then(new PolicyVersionCreated(A, "ReadAll", "v2", V2_DOC, false, T0.plusSeconds(100)));
    }

    @Test
    void every_version_command_on_a_missing_policy_is_no_such_entity() {
        for (PolicyCommand c : List.<PolicyCommand>of(create(V2_DOC, true),
                new SetDefaultPolicyVersion(A, "ReadAll", "v1"), new DeletePolicyVersion(A, "ReadAll", "v1"),
                new TagPolicy(A, "ReadAll", List.of(new Tag("a", "b"))), new UntagPolicy(A, "ReadAll", List.of("a")))) {
            policy.given().when(c).thenFails(NoSuchEntity);
            policy.given(created(), new PolicyDeleted(A, "ReadAll")).when(c).thenFails(NoSuchEntity);
        }
    }

    @Test
    void tags_follow_the_rules_of_users_and_roles() {
        policy.given(created()).when(new TagPolicy(A, "ReadAll", List.of(new Tag("T", "2"), new Tag("env", "x"))))
                .then(new PolicyTagged(A, "ReadAll", List.of(new Tag("T", "2"), new Tag("env", "x"))))
                .thenState(s -> assertThat(s.tags()).containsExactly(new Tag("T", "2"), new Tag("env", "x")));
        policy.given(created()).when(new TagPolicy(A, "ReadAll", List.of(new Tag("aws:x", "1"))))
                .thenFails(InvalidInput);
        policy.given(created()).when(new TagPolicy(A, "ReadAll", List.of(new Tag("a", "1"), new Tag("A", "2"))))
                .thenFails(InvalidInput);
        // 1 existing + 49 new = 50: allowed; 1 + 50: over
        policy.given(created()).when(new TagPolicy(A, "ReadAll", tags(49))).thenState(s ->
                assertThat(s.tags()).hasSize(50));
        policy.given(created()).when(new TagPolicy(A, "ReadAll", tags(50))).thenFails(LimitExceeded);
        policy.given(created(), new PolicyTagged(A, "ReadAll", List.of(new Tag("env", "x"))))
                .when(new UntagPolicy(A, "ReadAll", List.of("T", "nope")))
                .then(new PolicyUntagged(A, "ReadAll", List.of("T", "nope")))
                .thenState(s -> assertThat(s.tags()).containsExactly(new Tag("env", "x")));
    }

    @Test
    void tags_and_versions_leave_each_other_alone() {
        policy.given(created(), version(2, true), new PolicyTagged(A, "ReadAll", List.of(new Tag("k", "v"))))
                .when(new SetDefaultPolicyVersion(A, "ReadAll", "v1"))
                .thenState(s -> {
                    assertThat(s.tags()).containsExactly(new Tag("t", "1"), new Tag("k", "v"));
                    assertThat(s.versions()).hasSize(2);
                    assertThat(s.lastVersionNumber()).isEqualTo(2);
                    assertThat(s.policyId()).isEqualTo("ANPAEXAMPLE000000001");
                    assertThat(s.arn()).isEqualTo("arn:aws:iam::" + A + ":policy/team/ReadAll");
                });
    }
}

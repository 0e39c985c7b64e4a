package dev.opensts.iam;

import dev.opensts.iam.GroupCommand.*;
import dev.opensts.iam.GroupEvent.*;
import dev.opensts.policy.PolicyKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupDeciderTest {
    private static final String A = ACCOUNT;
    private static final DeciderSpec<GroupCommand, GroupState, GroupEvent> group =
            new DeciderSpec<>((c, s) -> GroupDecider.decide(c, s, Quotas.AWS, GroupQuotas.AWS),
                    GroupDecider::evolve);

    private static GroupCreated created() {
        return new GroupCreated(A, "Devs", "AGPAEXAMPLE000000001", "/team/", T0);
    }

    private static UserAddedToGroup added(String name, String id) {
        return new UserAddedToGroup(A, "Devs", name, id);
    }

    @Test
    void creates_a_group_with_its_path_in_the_arn() {
        group.given().when(new CreateGroup(A, "Devs", "AGPAEXAMPLE000000001", "/team/", T0)).then(created())
                .thenState(s -> {
                    assertThat(s.arn()).isEqualTo("arn:aws:iam::" + A + ":group/team/Devs");
                    assertThat(s.members()).isEmpty();
                    assertThat(s.inlinePolicies()).isEmpty();
                });
    }

    @Test
    void a_group_of_that_name_exists_already_in_any_letter_case() {
        group.given(created()).when(new CreateGroup(A, "Devs", "AGPAEXAMPLE000000002", "/", T0))
                .thenFails(EntityAlreadyExists, "Group with name Devs already exists.");
        assertThat(StreamIds.group(A, "DEVS")).isEqualTo(StreamIds.group(A, "devs"));
    }

    @Test
    void every_other_command_needs_the_group() {
        group.given().when(new AddUserToGroup(A, "Devs", "alice", "AIDA1"))
                .thenFails(NoSuchEntity, "The group with name Devs cannot be found.");
        group.given(created(), new GroupDeleted(A, "Devs")).when(new PutGroupPolicy(A, "Devs", "p", PERMISSIONS))
                .thenFails(NoSuchEntity);
    }

    @Test
    void membership_is_bound_to_the_user_id_and_adding_twice_changes_nothing() {
        group.given(created()).when(new AddUserToGroup(A, "Devs", "alice", "AIDA1")).then(added("alice", "AIDA1"));
        group.given(created(), added("alice", "AIDA1")).when(new AddUserToGroup(A, "Devs", "alice", "AIDA1"))
                .thenNothing();
        // alice deleted and created again: another id, not the member
        group.given(created(), added("alice", "AIDA1")).when(new RemoveUserFromGroup(A, "Devs", "alice", "AIDA2"))
                .thenFails(NoSuchEntity, "The user with name alice is not in group Devs.");
        group.given(created(), added("alice", "AIDA1")).when(new AddUserToGroup(A, "Devs", "alice", "AIDA2"))
                .thenState(s -> {
                    assertThat(s.hasMember("AIDA2")).isTrue();
                    assertThat(s.members()).hasSize(2);
                });
        group.given(created(), added("bob", "AIDA3"), added("alice", "AIDA1"))
                .when(new RemoveUserFromGroup(A, "Devs", "bob", "AIDA3"))
                .thenState(s -> assertThat(s.members()).containsExactly(new GroupMember("alice", "AIDA1")));
    }

    @Test
    void members_are_kept_in_name_order() {
        group.given(created(), added("zed", "AIDA9")).when(new AddUserToGroup(A, "Devs", "Amy", "AIDA8"))
                .thenState(s -> assertThat(s.members()).extracting(GroupMember::userName).containsExactly("Amy",
                        "zed"));
    }

    @Test
    void delete_refuses_while_live_members_or_policies_remain() {
        group.given(created(), added("alice", "AIDA1")).when(new DeleteGroup(A, "Devs", Set.of("AIDA1")))
                .thenFails(DeleteConflict, "Cannot delete entity, must remove users from group first.");
        // a member whose user is gone does not keep the group
        group.given(created(), added("alice", "AIDA1")).when(new DeleteGroup(A, "Devs", Set.of("AIDA2")))
                .then(new GroupDeleted(A, "Devs"));
        group.given(created(), new GroupPolicyPut(A, "Devs", "p", PERMISSIONS))
                .when(new DeleteGroup(A, "Devs", Set.of()))
                .thenFails(DeleteConflict, "Cannot delete entity, must delete policies first.");
        group.given(created(), new GroupPolicyAttached(A, "Devs", managedArn(1)))
                .when(new DeleteGroup(A, "Devs", Set.of()))
                .thenFails(DeleteConflict, "Cannot delete entity, must detach all policies first.");
        group.given(created()).when(new DeleteGroup(A, "devs", Set.of())).then(new GroupDeleted(A, "Devs"));
    }

    @Test
    void a_group_deleted_and_created_again_carries_nothing_of_the_old_one() {
        group.given(created(), added("alice", "AIDA1"), new GroupPolicyPut(A, "Devs", "p", PERMISSIONS),
                        new GroupPolicyAttached(A, "Devs", managedArn(1)), new GroupPolicyDeleted(A, "Devs", "p"),
                        new GroupPolicyDetached(A, "Devs", managedArn(1)),
                        new UserRemovedFromGroup(A, "Devs", "alice", "AIDA1"), new GroupDeleted(A, "Devs"))
                .when(new CreateGroup(A, "Devs", "AGPAEXAMPLE000000002", "/", T0))
                .thenState(s -> {
                    assertThat(s.groupId()).isEqualTo("AGPAEXAMPLE000000002");
                    assertThat(s.inlinePolicies()).isEmpty();
                    assertThat(s.attachedPolicyArns()).isEmpty();
                    assertThat(s.members()).isEmpty();
                });
    }

    @Test
    void inline_policies_are_validated_and_limited_together() {
        group.given(created()).when(new PutGroupPolicy(A, "Devs", "p", MALFORMED))
                .thenFails(MalformedPolicyDocument, parserMessage(MALFORMED, PolicyKind.USER_INLINE));
        group.given(created()).when(new PutGroupPolicy(A, "Devs", "p", TRUST))
                .thenFails(MalformedPolicyDocument);
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + "b".repeat(2600) + "\"}]}";
        group.given(created(), new GroupPolicyPut(A, "Devs", "a", big))
                .when(new PutGroupPolicy(A, "Devs", "b", big)).thenFails(LimitExceeded,
                        "Maximum policy size of 5120 bytes exceeded for group Devs");
        // replacing a policy counts its new size, not both
        group.given(created(), new GroupPolicyPut(A, "Devs", "a", big))
                .when(new PutGroupPolicy(A, "Devs", "a", big)).then(new GroupPolicyPut(A, "Devs", "a", big));
        group.given(created()).when(new DeleteGroupPolicy(A, "Devs", "nope"))
                .thenFails(NoSuchEntity, "The group policy with name nope cannot be found.");
    }

    @Test
    void at_most_ten_managed_policies_and_attaching_twice_changes_nothing() {
        var given = new java.util.ArrayList<GroupEvent>();
        given.add(created());
        for (int i = 0; i < 10; i++) {
            given.add(new GroupPolicyAttached(A, "Devs", managedArn(i)));
        }
        group.given(given.toArray(GroupEvent[]::new)).when(new AttachGroupPolicy(A, "Devs", managedArn(10)))
                .thenFails(LimitExceeded, "Cannot exceed quota for PoliciesPerGroup: 10");
        group.given(given.toArray(GroupEvent[]::new)).when(new AttachGroupPolicy(A, "Devs", managedArn(3)))
                .thenNothing();
        group.given(created()).when(new DetachGroupPolicy(A, "Devs", managedArn(1))).thenFails(NoSuchEntity);
    }

    @Test
    void a_new_path_or_letter_case_stays_on_the_stream() {
        group.given(created()).when(new ChangeGroupPath(A, "Devs", "DEVS", "/x/"))
                .then(new GroupUpdated(A, "Devs", "DEVS", "/x/"))
                .thenState(s -> assertThat(s.arn()).isEqualTo("arn:aws:iam::" + A + ":group/x/DEVS"));
        group.given(created()).when(new ChangeGroupPath(A, "Devs", "Devs", "/team/")).thenNothing();
        assertThatThrownBy(() -> GroupDecider.decide(new ChangeGroupPath(A, "Devs", "Ops", "/"),
                GroupDecider.evolve(null, created()), Quotas.AWS, GroupQuotas.AWS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_rename_copies_everything_then_gives_up_the_old_name_only_if_unchanged() {
        GroupState old = group.fold(List.of(created(), added("alice", "AIDA1"),
                new GroupPolicyPut(A, "Devs", "p", PERMISSIONS), new GroupPolicyAttached(A, "Devs", managedArn(1))));
        group.given().when(new CopyGroup(A, "Ops", old, "/ops/")).thenState(s -> {
            assertThat(s.groupName()).isEqualTo("Ops");
            assertThat(s.groupId()).isEqualTo(old.groupId());
            assertThat(s.arn()).isEqualTo("arn:aws:iam::" + A + ":group/ops/Ops");
            assertThat(s.members()).isEqualTo(old.members());
            assertThat(s.inlinePolicies()).isEqualTo(old.inlinePolicies());
            assertThat(s.attachedPolicyArns()).isEqualTo(old.attachedPolicyArns());
            assertThat(s.createDate()).isEqualTo(old.createDate());
        });
        group.given(new GroupCreated(A, "Ops", "AGPAOTHER", "/", T0)).when(new CopyGroup(A, "Ops", old, "/"))
                .thenFails(EntityAlreadyExists, "Group with name Ops already exists.");
        group.given(created(), added("alice", "AIDA1"), new GroupPolicyPut(A, "Devs", "p", PERMISSIONS),
                        new GroupPolicyAttached(A, "Devs", managedArn(1)))
                .when(new MoveGroup(A, "Devs", old, "Ops")).then(new GroupRenamedTo(A, "Devs", "Ops"))
                .thenState(s -> assertThat(s).isNull());
        // the old group changed after the copy: the move is refused and the copy must be withdrawn
        group.given(created(), added("alice", "AIDA1"), new GroupPolicyPut(A, "Devs", "p", PERMISSIONS),
                        new GroupPolicyAttached(A, "Devs", managedArn(1)), added("bob", "AIDA2"))
                .when(new MoveGroup(A, "Devs", old, "Ops")).thenFails(ConcurrentModification);
    }
}

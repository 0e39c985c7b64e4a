package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.iam.GroupEvent;
import dev.opensts.iam.GroupQuotas;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.UserEvent.UserDeleted;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The group use cases against in-memory ports, and a member's group policies in its authorization. */
class GroupsTest {
    static final String READ = allow("sqs:SendMessage", "*");
    static final String BUCKET = "arn:aws:sqs:us-east-1:123456789012:q";

    final AppFixture app = new AppFixture();
    final IamContext iam = new IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock, app.quotas);
    final Groups groups = new Groups(iam, GroupQuotas.AWS);
    final PolicyEntities entities = new PolicyEntities(iam);

    boolean allowed(Caller c, String action, String resource) {
        try {
            app.authorizer.require(c, action, resource);
            return true;
        } catch (dev.opensts.error.AwsException e) {
            assertThat(e.code()).isEqualTo(AccessDenied);
            return false;
        }
    }

    GroupState group(String name, String path) {
        return await(groups.create(root(), name, path, "r"));
    }

    @Test
    void a_new_group_has_an_agpa_id_and_its_path_in_its_arn() {
        GroupState g = group("Devs", "/eng/");
        assertThat(g.groupId()).matches("AGPA[A-Z2-7]{16}");
        assertThat(g.arn()).isEqualTo("arn:aws:iam::123456789012:group/eng/Devs");
        assertThat(failure(groups.create(root(), "devs", "/", "r")).code()).isEqualTo(EntityAlreadyExists);
    }

    @Test
    void a_member_gains_the_group_policies_at_once_and_loses_them_when_removed() {
        app.given(userCreated("alice", "/"));
        group("Readers", "/");
        assertThat(allowed(app.user("alice"), "sqs:SendMessage", BUCKET)).isFalse();

        await(groups.putPolicy(root(), "Readers", "read", READ, "r"));
        assertThat(allowed(app.user("alice"), "sqs:SendMessage", BUCKET)).isFalse();
        await(groups.addUser(root(), "Readers", "alice", "r"));
        assertThat(allowed(app.user("alice"), "sqs:SendMessage", BUCKET)).isTrue();
        assertThat(allowed(app.userSession("alice", false), "sqs:SendMessage", BUCKET)).as("GetSessionToken session")
                .isTrue();
        assertThat(allowed(app.user("alice"), "sqs:ReceiveMessage", BUCKET)).isFalse();

        await(groups.removeUser(root(), "Readers", "alice", "r"));
        assertThat(allowed(app.user("alice"), "sqs:SendMessage", BUCKET)).isFalse();
    }

    @Test
    void attached_managed_policies_of_a_group_count_and_a_group_deny_wins() {
        app.given(userCreated("alice", "/"), policyCreated("Read", "/", READ),
                new UserPolicyPut(ACCOUNT, "alice", "own", allow("sqs:*", "*")));
        group("Readers", "/");
        await(groups.attachPolicy(root(), "Readers", policyArn("/", "Read"), "r"));
        await(groups.putPolicy(root(), "Readers", "no-delete", deny("sqs:DeleteMessage", "*"), "r"));
        await(groups.addUser(root(), "Readers", "alice", "r"));
        assertThat(allowed(app.user("alice"), "sqs:ReceiveMessage", BUCKET)).isTrue();
        assertThat(allowed(app.user("alice"), "sqs:DeleteMessage", BUCKET)).isFalse();

        assertThat(await(app.policies.get(root(), policyArn("/", "Read"))).attachments()).isEqualTo(1);
        assertThat(failure(app.policies.delete(root(), policyArn("/", "Read"), "r")).code())
                .isEqualTo(DeleteConflict);
        assertThat(await(entities.list(root(), policyArn("/", "Read"), new PolicyEntities.Filter(null, null, null))))
                .containsExactly(new PolicyEntities.Entity("Group", "Readers",
                        app.view.group(ACCOUNT, "Readers").groupId()));
    }

    @Test
    void a_user_deleted_and_created_again_is_in_none_of_the_old_ones_groups() {
        app.given(userCreated("alice", "/"));
        group("Readers", "/");
        await(groups.putPolicy(root(), "Readers", "read", READ, "r"));
        await(groups.addUser(root(), "Readers", "alice", "r"));
        String oldId = app.view.user(ACCOUNT, "alice").userId();
        // the old alice left the account while her membership stayed (a race with AddUserToGroup)
        app.given(new UserDeleted(ACCOUNT, "alice"),
                new dev.opensts.iam.UserEvent.UserCreated(ACCOUNT, "alice", "AIDANEWALICE00000000", "/", List.of(),
                        T0));

        assertThat(allowed(app.user("alice"), "sqs:SendMessage", BUCKET)).isFalse();
        assertThat(await(groups.groupsForUser(root(), "alice"))).isEmpty();
        assertThat(await(groups.get(root(), "Readers")).users()).isEmpty();
        assertThat(app.view.group(ACCOUNT, "Readers").hasMember(oldId)).isTrue();
        // the stale member does not keep the group alive
        await(groups.deletePolicy(root(), "Readers", "read", "r"));
        await(groups.delete(root(), "Readers", "r"));
        assertThat(app.view.group(ACCOUNT, "Readers")).isNull();
    }

    @Test
    void delete_user_refuses_while_the_user_is_in_a_group() {
        app.given(userCreated("alice", "/"));
        group("Readers", "/");
        await(groups.addUser(root(), "Readers", "alice", "r"));
        assertThat(failure(app.users.change(root(), new UserChange.Delete("alice"), "r")).code())
                .isEqualTo(DeleteConflict);
        assertThat(failure(groups.delete(root(), "Readers", "r")).code()).isEqualTo(DeleteConflict);
        await(groups.removeUser(root(), "Readers", "alice", "r"));
        await(app.users.change(root(), new UserChange.Delete("alice"), "r"));
        await(groups.delete(root(), "Readers", "r"));
    }

    @Test
    void another_accounts_user_or_group_cannot_be_named() {
        app.given(userCreated(OTHER, "mallory", "/"), userCreated("alice", "/"));
        group("Readers", "/");
        assertThat(failure(groups.addUser(root(), "Readers", "mallory", "r")).code()).isEqualTo(NoSuchEntity);
        // the other account's root names our group: it is looked up in its own account
        assertThat(failure(groups.addUser(root(OTHER), "Readers", "mallory", "r")).code()).isEqualTo(NoSuchEntity);
        assertThat(app.view.group(ACCOUNT, "Readers").members()).isEmpty();
    }

    @Test
    void a_group_deleted_and_created_again_has_none_of_the_old_policies_or_members() {
        app.given(userCreated("alice", "/"));
        group("Readers", "/");
        await(groups.putPolicy(root(), "Readers", "read", READ, "r"));
        await(groups.deletePolicy(root(), "Readers", "read", "r"));
        await(groups.delete(root(), "Readers", "r"));
        group("Readers", "/");
        assertThat(await(groups.inlinePolicyNames(root(), "Readers"))).isEmpty();
        assertThat(allowed(app.user("alice"), "sqs:SendMessage", BUCKET)).isFalse();
    }

    @Test
    void add_user_is_authorized_on_the_group_arn_with_its_path() {
        app.given(userCreated("alice", "/"), userCreated("admin", "/"),
                new UserPolicyPut(ACCOUNT, "admin", "p", allow("iam:AddUserToGroup",
                        "arn:aws:iam::123456789012:group/eng/*")));
        group("Devs", "/eng/");
        group("Ops", "/");
        await(groups.addUser(app.user("admin"), "Devs", "alice", "r"));
        assertThat(failure(groups.addUser(app.user("admin"), "Ops", "alice", "r")).code()).isEqualTo(AccessDenied);
        // a group that does not exist is refused before it is looked up: nothing is learned about it
        assertThat(failure(groups.addUser(app.user("admin"), "Nope", "alice", "r")).code()).isEqualTo(AccessDenied);
    }

    @Test
    void quotas_on_groups_per_user_and_per_account() {
        var small = new Groups(iam, new GroupQuotas(3, 2, 5120));
        app.given(userCreated("alice", "/"));
        for (String g : List.of("a", "b", "c")) {
            await(small.create(root(), g, "/", "r"));
        }
        assertThat(failure(small.create(root(), "d", "/", "r")).getMessage())
                .isEqualTo("Cannot exceed quota for GroupsPerAccount: 3");
        await(small.addUser(root(), "a", "alice", "r"));
        await(small.addUser(root(), "b", "alice", "r"));
        await(small.addUser(root(), "b", "alice", "r")); // already a member: no change, no quota
        assertThat(failure(small.addUser(root(), "c", "alice", "r")).getMessage())
                .isEqualTo("Cannot exceed quota for GroupsPerUser: 2");
    }

    @Test
    void a_rename_keeps_members_and_policies_and_needs_both_names() {
        app.given(userCreated("alice", "/"), userCreated("admin", "/"),
                new UserPolicyPut(ACCOUNT, "admin", "p", allow("iam:UpdateGroup",
                        "arn:aws:iam::123456789012:group/Devs")));
        GroupState before = group("Devs", "/");
        await(groups.putPolicy(root(), "Devs", "read", READ, "r"));
        await(groups.addUser(root(), "Devs", "alice", "r"));

        assertThat(failure(groups.update(app.user("admin"), "Devs", "Ops", null, "r")).code())
                .isEqualTo(AccessDenied);
        await(groups.update(root(), "Devs", "Ops", "/ops/", "r"));

        assertThat(app.view.group(ACCOUNT, "Devs")).isNull();
        GroupState after = app.view.group(ACCOUNT, "Ops");
        assertThat(after.groupId()).isEqualTo(before.groupId());
        assertThat(after.arn()).isEqualTo("arn:aws:iam::123456789012:group/ops/Ops");
        assertThat(await(groups.groupsForUser(root(), "alice"))).extracting(GroupState::groupName)
                .containsExactly("Ops");
        assertThat(allowed(app.user("alice"), "sqs:SendMessage", BUCKET)).isTrue();
        assertThat(app.appended()).filteredOn(e -> e instanceof GroupEvent.GroupRenamedTo).hasSize(1);

        // a letter-case change stays on the stream
        await(groups.update(root(), "Ops", "OPS", null, "r"));
        assertThat(app.view.group(ACCOUNT, "ops").groupName()).isEqualTo("OPS");
        // the new name is taken
        group("Taken", "/");
        assertThat(failure(groups.update(root(), "OPS", "Taken", null, "r")).code()).isEqualTo(EntityAlreadyExists);
        assertThat(app.view.group(ACCOUNT, "OPS")).isNotNull();
    }

    @Test
    void list_entities_for_policy_filters_by_kind_usage_and_path() {
        app.given(userCreated("alice", "/a/"), roleCreated("app", "/"), policyCreated("Read", "/", READ),
                new dev.opensts.iam.UserEvent.UserPolicyAttached(ACCOUNT, "alice", policyArn("/", "Read")),
                new dev.opensts.iam.RoleEvent.RolePermissionsBoundaryPut(ACCOUNT, "app", policyArn("/", "Read")));
        group("Readers", "/");
        await(groups.attachPolicy(root(), "Readers", policyArn("/", "Read"), "r"));
        String arn = policyArn("/", "Read");
        assertThat(await(entities.list(root(), arn, new PolicyEntities.Filter(null, null, null))))
                .extracting(PolicyEntities.Entity::kind).containsExactly("Group", "User", "Role");
        assertThat(await(entities.list(root(), arn, new PolicyEntities.Filter("User", null, null))))
                .extracting(PolicyEntities.Entity::name).containsExactly("alice");
        assertThat(await(entities.list(root(), arn, new PolicyEntities.Filter(null, "/a/", null))))
                .extracting(PolicyEntities.Entity::name).containsExactly("alice");
        assertThat(await(entities.list(root(), arn, new PolicyEntities.Filter(null, null, "PermissionsBoundary"))))
                .extracting(PolicyEntities.Entity::name).containsExactly("app");
        assertThat(failure(entities.list(root(), policyArn("/", "Nope"), new PolicyEntities.Filter(null, null, null)))
                .code()).isEqualTo(NoSuchEntity);
    }
}

package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListGroupsResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;

/** IAM groups through the unmodified SDK: the 15 actions, members' access, ListEntitiesForPolicy, the attacks. */
class GroupsIT extends IamItBase {

    @Test
    void createGetListUpdateAndDeleteAGroupWithAPath() {
        String name = unique("devs");
        String path = "/" + unique("p") + "/";
        Group g = iam.createGroup(r -> r.groupName(name).path(path)).group();
        assertThat(g.groupId()).startsWith("AGPA");
        assertThat(g.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":group" + path + name);
        assertThat(g.path()).isEqualTo(path);
        assertThat(g.createDate()).isNotNull();
        fails(() -> iam.createGroup(r -> r.groupName(name.toUpperCase())), EntityAlreadyExistsException.class,
                "EntityAlreadyExists", 409);

        List<String> more = List.of(unique("g1"), unique("g2"), unique("g3"));
        more.forEach(n -> iam.createGroup(r -> r.groupName(n).path(path)));
        List<Group> all = allPages(m -> iam.listGroups(r -> r.pathPrefix(path).maxItems(2).marker(m)),
                ListGroupsResponse::groups, ListGroupsResponse::marker, ListGroupsResponse::isTruncated, 2);
        assertThat(all).extracting(Group::groupName).containsExactlyInAnyOrderElementsOf(
                List.of(name, more.get(0), more.get(1), more.get(2)));

        String renamed = unique("ops");
        iam.updateGroup(r -> r.groupName(name).newGroupName(renamed).newPath("/moved/"));
        fails(() -> iam.getGroup(r -> r.groupName(name)), NoSuchEntityException.class, "NoSuchEntity", 404);
        Group moved = iam.getGroup(r -> r.groupName(renamed)).group();
        assertThat(moved.groupId()).isEqualTo(g.groupId());
        assertThat(moved.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":group/moved/" + renamed);
        fails(() -> iam.updateGroup(r -> r.groupName(renamed).newGroupName(more.get(0))),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);

        iam.deleteGroup(r -> r.groupName(renamed));
        fails(() -> iam.deleteGroup(r -> r.groupName(renamed)), NoSuchEntityException.class, "NoSuchEntity", 404);
    }

    @Test
    void aMemberGainsTheGroupsPoliciesAtOnceAndLosesThemWhenRemoved() {
        String[] u = userWithKey("member");
        String group = unique("readers");
        iam.createGroup(r -> r.groupName(group));
        iam.putGroupPolicy(r -> r.groupName(group).policyName("list").policyDocument(
                allow("iam:ListUsers", "*")));
        String role = unique("target");
        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST));
        String policyName = unique("assume");
        String policyArn = iam.createPolicy(r -> r.policyName(policyName).policyDocument(
                allow("sts:AssumeRole", "arn:aws:iam::" + ACCOUNT + ":role/" + role))).policy().arn();
        iam.attachGroupPolicy(r -> r.groupName(group).policyArn(policyArn));

        try (IamClient asUser = client(u[1], u[2]);
             StsClient sts = Sts.sts(replica, u[1], u[2])) {
            fails(asUser::listUsers, IamException.class, "AccessDenied", 403);
            Sts.fails("AccessDenied", 403, () -> sts.assumeRole(r -> r.roleArn(Sts.roleArn(role))
                    .roleSessionName("s1")));

            iam.addUserToGroup(r -> r.groupName(group).userName(u[0]));
            assertThat(asUser.listUsers().users()).extracting(User::userName).contains(u[0]);
            assertThat(sts.assumeRole(r -> r.roleArn(Sts.roleArn(role)).roleSessionName("s1")).credentials())
                    .isNotNull();
            GetGroupResponse got = iam.getGroup(r -> r.groupName(group));
            assertThat(got.users()).extracting(User::userName).containsExactly(u[0]);
            assertThat(iam.listGroupsForUser(r -> r.userName(u[0])).groups()).extracting(Group::groupName)
                    .containsExactly(group);
            assertThat(iam.getPolicy(r -> r.policyArn(policyArn)).policy().attachmentCount()).isEqualTo(1);
            var entities = iam.listEntitiesForPolicy(r -> r.policyArn(policyArn));
            assertThat(entities.policyGroups()).extracting(x -> x.groupName()).containsExactly(group);
            assertThat(entities.policyUsers()).isEmpty();
            fails(() -> iam.deletePolicy(r -> r.policyArn(policyArn)), DeleteConflictException.class,
                    "DeleteConflict", 409);
            fails(() -> iam.deleteUser(r -> r.userName(u[0])), DeleteConflictException.class, "DeleteConflict",
                    409);
            fails(() -> iam.deleteGroup(r -> r.groupName(group)), DeleteConflictException.class, "DeleteConflict",
                    409);

            iam.removeUserFromGroup(r -> r.groupName(group).userName(u[0]));
            // at once, on this replica's view: no wait
            fails(asUser::listUsers, IamException.class, "AccessDenied", 403);
            Sts.fails("AccessDenied", 403, () -> sts.assumeRole(r -> r.roleArn(Sts.roleArn(role))
                    .roleSessionName("s1")));
            assertThat(iam.listGroupsForUser(r -> r.userName(u[0])).groups()).isEmpty();
        }
    }

    @Test
    void inlineAndAttachedGroupPoliciesAndTheirLimits() {
        String group = unique("pol");
        iam.createGroup(r -> r.groupName(group));
        iam.putGroupPolicy(r -> r.groupName(group).policyName("a").policyDocument(allow("s3:GetObject", "*")));
        assertThat(urlDecode(iam.getGroupPolicy(r -> r.groupName(group).policyName("a")).policyDocument()))
                .contains("s3:GetObject");
        assertThat(iam.listGroupPolicies(r -> r.groupName(group)).policyNames()).containsExactly("a");
        fails(() -> iam.putGroupPolicy(r -> r.groupName(group).policyName("b").policyDocument("{\"nope\":1}")),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocument", 400);
        String big = allow("s3:GetObject", "arn:aws:s3:::" + "b".repeat(5100));
        fails(() -> iam.putGroupPolicy(r -> r.groupName(group).policyName("b").policyDocument(big)),
                LimitExceededException.class, "LimitExceeded", 409);

        for (int i = 0; i < 10; i++) {
            String n = unique("m" + i);
            String arn = iam.createPolicy(r -> r.policyName(n).path("/grp/").policyDocument(allow("s3:*", "*")))
                    .policy().arn();
            iam.attachGroupPolicy(r -> r.groupName(group).policyArn(arn));
        }
        String eleventh = unique("m10");
        String arn11 = iam.createPolicy(r -> r.policyName(eleventh).policyDocument(allow("s3:*", "*"))).policy()
                .arn();
        fails(() -> iam.attachGroupPolicy(r -> r.groupName(group).policyArn(arn11)), LimitExceededException.class,
                "LimitExceeded", 409);
        List<AttachedPolicy> attached = iam.listAttachedGroupPolicies(r -> r.groupName(group).pathPrefix("/grp/"))
                .attachedPolicies();
        assertThat(attached).hasSize(10);
        fails(() -> iam.deleteGroup(r -> r.groupName(group)), DeleteConflictException.class, "DeleteConflict", 409);
        attached.forEach(p -> iam.detachGroupPolicy(r -> r.groupName(group).policyArn(p.policyArn())));
        iam.deleteGroupPolicy(r -> r.groupName(group).policyName("a"));
        iam.deleteGroup(r -> r.groupName(group));

        // created again: none of the old policies
        iam.createGroup(r -> r.groupName(group));
        assertThat(iam.listGroupPolicies(r -> r.groupName(group)).policyNames()).isEmpty();
        assertThat(iam.listAttachedGroupPolicies(r -> r.groupName(group)).attachedPolicies()).isEmpty();
    }

    @Test
    void aUserCreatedAgainUnderTheSameNameIsInNoneOfTheOldGroups() {
        String name = unique("reborn");
        String group = unique("g");
        iam.createGroup(r -> r.groupName(group));
        iam.putGroupPolicy(r -> r.groupName(group).policyName("list").policyDocument(allow("iam:ListUsers", "*")));
        iam.createUser(r -> r.userName(name));
        iam.addUserToGroup(r -> r.groupName(group).userName(name));
        iam.removeUserFromGroup(r -> r.groupName(group).userName(name));
        iam.deleteUser(r -> r.userName(name));
        iam.createUser(r -> r.userName(name));
        var key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        try (IamClient asUser = client(key.accessKeyId(), key.secretAccessKey())) {
            fails(asUser::listUsers, IamException.class, "AccessDenied", 403);
        }
        assertThat(iam.getGroup(r -> r.groupName(group)).users()).isEmpty();
        assertThat(iam.listGroupsForUser(r -> r.userName(name)).groups()).isEmpty();
    }

    @Test
    void anotherAccountsUserCannotJoinAndAddUserIsAuthorizedOnTheGroupArn() throws Exception {
        String group = unique("mine");
        iam.createGroup(r -> r.groupName(group).path("/team/"));
        // a user name of no user of this account (another account's user has no name here)
        fails(() -> iam.addUserToGroup(r -> r.groupName(group).userName(unique("stranger"))),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        // an ARN is no user name: the model refuses it
        validationError(() -> iam.addUserToGroup(r -> r.groupName(group)
                .userName("arn:aws:iam::111111111111:user/x")));

        String[] admin = userWithKey("gadmin");
        String[] member = userWithKey("joiner");
        iam.putUserPolicy(r -> r.userName(admin[0]).policyName("p").policyDocument(
                allow("iam:AddUserToGroup", "arn:aws:iam::" + ACCOUNT + ":group/team/*")));
        String other = unique("other");
        iam.createGroup(r -> r.groupName(other));
        try (IamClient asAdmin = client(admin[1], admin[2])) {
            asAdmin.addUserToGroup(r -> r.groupName(group).userName(member[0]));
            fails(() -> asAdmin.addUserToGroup(r -> r.groupName(other).userName(member[0])), IamException.class,
                    "AccessDenied", 403);
            fails(() -> asAdmin.removeUserFromGroup(r -> r.groupName(group).userName(member[0])),
                    IamException.class, "AccessDenied", 403);
        }
        assertThat(iam.getGroup(r -> r.groupName(group)).users()).extracting(User::userName)
                .containsExactly(member[0]);
        assertThat(iam.getGroup(r -> r.groupName(other)).users()).isEmpty();
        fails(() -> iam.getGroup(r -> r.groupName(unique("none"))), NoSuchEntityException.class, "NoSuchEntity",
                404);
    }
}

package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;

/** Customer-managed policies and their attachment to roles and users, through the unmodified SDK. */
class PoliciesIT extends IamItBase {
    static final String DOC = allow("s3:GetObject", "arn:aws:s3:::bucket/*");

    private String newPolicy(String prefix, String path) {
        String name = unique(prefix);
        return iam.createPolicy(r -> r.policyName(name).path(path).policyDocument(DOC)).policy().arn();
    }

    private String newRole() {
        String name = unique("role");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
        return name;
    }

    @Test
    void createGetAndReadVersionOne() {
        String name = unique("read");
        Policy created = iam.createPolicy(r -> r.policyName(name).path("/team/").description("reads")
                .policyDocument(DOC).tags(Tag.builder().key("k").value("v").build())).policy();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":policy/team/" + name);
        assertThat(created.policyId()).startsWith("ANPA");
        assertThat(created.defaultVersionId()).isEqualTo("v1");
        assertThat(created.attachmentCount()).isZero();
        assertThat(created.isAttachable()).isTrue();
        assertThat(created.path()).isEqualTo("/team/");

        Policy read = iam.getPolicy(r -> r.policyArn(created.arn())).policy();
        assertThat(read.policyName()).isEqualTo(name);
        assertThat(read.description()).isEqualTo("reads");
        assertThat(read.tags()).extracting(Tag::key).containsExactly("k");

        PolicyVersion v1 = iam.getPolicyVersion(r -> r.policyArn(created.arn()).versionId("v1")).policyVersion();
        assertThat(v1.versionId()).isEqualTo("v1");
        assertThat(v1.isDefaultVersion()).isTrue();
        assertThat(json(urlDecode(v1.document()))).isEqualTo(json(DOC));
        fails(() -> iam.getPolicyVersion(r -> r.policyArn(created.arn()).versionId("v2")),
                NoSuchEntityException.class, "NoSuchEntity", 404);

        fails(() -> iam.createPolicy(r -> r.policyName(name).policyDocument(DOC)),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
        fails(() -> iam.createPolicy(r -> r.policyName(name.toUpperCase()).policyDocument(DOC)),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
    }

    @Test
    void aPolicyThatDoesNotExist() {
        String ghost = "arn:aws:iam::" + ACCOUNT + ":policy/" + unique("ghost");
        fails(() -> iam.getPolicy(r -> r.policyArn(ghost)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.getPolicyVersion(r -> r.policyArn(ghost).versionId("v1")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.deletePolicy(r -> r.policyArn(ghost)), NoSuchEntityException.class, "NoSuchEntity", 404);
        String role = newRole();
        fails(() -> iam.attachRolePolicy(r -> r.roleName(role).policyArn(ghost)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        String user = unique("u");
        iam.createUser(r -> r.userName(user));
        fails(() -> iam.attachUserPolicy(r -> r.userName(user).policyArn(ghost)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        // an existing policy's name under another path is another ARN
        String real = newPolicy("real", "/a/");
        String wrongPath = real.replace(":policy/a/", ":policy/b/");
        fails(() -> iam.getPolicy(r -> r.policyArn(wrongPath)), NoSuchEntityException.class, "NoSuchEntity", 404);
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies()).isEmpty();
    }

    @Test
    void malformedManagedPolicy() {
        IamException e = fails(() -> iam.createPolicy(r -> r.policyName(unique("bad"))
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}")),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocument", 400);
        assertThat(message(e)).containsIgnoringCase("action");
        IamException notJson = fails(() -> iam.createPolicy(r -> r.policyName(unique("bad")).policyDocument("nope")),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocument", 400);
        assertThat(message(notJson)).isNotBlank();
    }

    @Test
    void attachDetachAndListForRolesAndUsersWithAttachmentCount() {
        String arn = newPolicy("shared", "/");
        String role = newRole();
        String user = unique("user");
        iam.createUser(r -> r.userName(user));

        iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn));
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn)); // idempotent, as in AWS
        iam.attachUserPolicy(r -> r.userName(user).policyArn(arn));
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount()).isEqualTo(2);
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies())
                .extracting(AttachedPolicy::policyArn, AttachedPolicy::policyName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(arn, arn.substring(arn.lastIndexOf('/') + 1)));
        assertThat(iam.listAttachedUserPolicies(r -> r.userName(user)).attachedPolicies())
                .extracting(AttachedPolicy::policyArn).containsExactly(arn);

        fails(() -> iam.deletePolicy(r -> r.policyArn(arn)), DeleteConflictException.class, "DeleteConflict", 409);

        iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn));
        fails(() -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount()).isEqualTo(1);
        fails(() -> iam.deletePolicy(r -> r.policyArn(arn)), DeleteConflictException.class, "DeleteConflict", 409);
        iam.detachUserPolicy(r -> r.userName(user).policyArn(arn));
        assertThat(iam.listAttachedUserPolicies(r -> r.userName(user)).attachedPolicies()).isEmpty();

        iam.deletePolicy(r -> r.policyArn(arn));
        fails(() -> iam.getPolicy(r -> r.policyArn(arn)), NoSuchEntityException.class, "NoSuchEntity", 404);
    }

    @Test
    void listPoliciesScopeOnlyAttachedAndPaging() {
        String path = "/" + unique("lp") + "/";
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            arns.add(newPolicy("p" + i, path));
        }
        String role = newRole();
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(arns.get(1)));
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(arns.get(3)));

        List<Policy> all = allPages(m -> iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL).pathPrefix(path)
                        .maxItems(2).marker(m)), ListPoliciesResponse::policies, ListPoliciesResponse::marker,
                ListPoliciesResponse::isTruncated, 2);
        assertThat(all).extracting(Policy::arn).containsExactlyInAnyOrderElementsOf(arns);
        assertThat(new HashSet<>(all.stream().map(Policy::arn).toList())).hasSize(5);

        List<Policy> attached = iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL).pathPrefix(path)
                .onlyAttached(true)).policies();
        assertThat(attached).extracting(Policy::arn).containsExactlyInAnyOrder(arns.get(1), arns.get(3));
        assertThat(attached).allSatisfy(p -> assertThat(p.attachmentCount()).isEqualTo(1));

        assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.AWS).pathPrefix(path)).policies()).isEmpty();
        assertThat(iam.listPolicies().policies()).extracting(Policy::arn).containsAll(arns);
    }

    @Test
    void moreThanTenAttachedPoliciesExceedTheLimit() {
        String role = newRole();
        String user = unique("many");
        iam.createUser(r -> r.userName(user));
        String path = "/" + unique("lim") + "/";
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            arns.add(newPolicy("l" + i, path));
        }
        for (int i = 0; i < 10; i++) {
            String arn = arns.get(i);
            iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn));
            iam.attachUserPolicy(r -> r.userName(user).policyArn(arn));
        }
        fails(() -> iam.attachRolePolicy(r -> r.roleName(role).policyArn(arns.get(10))),
                LimitExceededException.class, "LimitExceeded", 409);
        fails(() -> iam.attachUserPolicy(r -> r.userName(user).policyArn(arns.get(10))),
                LimitExceededException.class, "LimitExceeded", 409);
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies()).hasSize(10);
        assertThat(iam.listAttachedUserPolicies(r -> r.userName(user)).attachedPolicies()).hasSize(10);
        // re-attaching one already attached is no new attachment
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(arns.get(0)));
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies()).hasSize(10);
    }

    @Test
    void attachingToAMissingRoleOrUser() {
        String arn = newPolicy("orphan", "/");
        fails(() -> iam.attachRolePolicy(r -> r.roleName(unique("ghost")).policyArn(arn)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.attachUserPolicy(r -> r.userName(unique("ghost")).policyArn(arn)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.listAttachedRolePolicies(r -> r.roleName(unique("ghost"))), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount()).isZero();
        // not an ARN at all
        fails(() -> iam.getPolicy(r -> r.policyArn("arn:aws:iam::" + ACCOUNT + ":nonsense")),
                software.amazon.awssdk.services.iam.model.InvalidInputException.class, "InvalidInput", 400);
    }
}

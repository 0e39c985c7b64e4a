package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/** IAM users are authorized by their own identity policies (inline and attached); the root may do everything. */
class AuthorizationIT extends IamItBase {
    static final String ROLES = "arn:aws:iam::" + ACCOUNT + ":role/";

    static IamException accessDenied(ThrowingCallable call, String action, String resource) {
        IamException e = fails(call, IamException.class, "AccessDenied", 403);
        assertThat(message(e)).contains(action).contains(resource).contains("is not authorized to perform");
        return e;
    }

    @Test
    void anInlineAllowOnAnArnPatternAllowsOnlyWhatItMatches() {
        String[] u = userWithKey("creator");
        iam.putUserPolicy(r -> r.userName(u[0]).policyName("create-app-roles")
                .policyDocument(allow("iam:CreateRole", ROLES + "app-*")));
        String appRole = unique("app-x");
        String otherRole = unique("other-x");
        try (IamClient asUser = client(u[1], u[2])) {
            Role created = asUser.createRole(r -> r.roleName(appRole).assumeRolePolicyDocument(TRUST)).role();
            assertThat(created.arn()).isEqualTo(ROLES + appRole);

            IamException denied = accessDenied(() -> asUser.createRole(r -> r.roleName(otherRole)
                    .assumeRolePolicyDocument(TRUST)), "iam:CreateRole", ROLES + otherRole);
            assertThat(message(denied)).contains("arn:aws:iam::" + ACCOUNT + ":user/" + u[0]);
            // the policy allows CreateRole only: reading the role it created is denied
            accessDenied(() -> asUser.getRole(r -> r.roleName(appRole)), "iam:GetRole", ROLES + appRole);
        }
        // nothing was created for the denied request
        fails(() -> iam.getRole(r -> r.roleName(otherRole)), NoSuchEntityException.class, "NoSuchEntity", 404);
        assertThat(iam.getRole(r -> r.roleName(appRole)).role().roleName()).isEqualTo(appRole);
    }

    @Test
    void anExplicitDenyWins() {
        String[] u = userWithKey("denied");
        iam.putUserPolicy(r -> r.userName(u[0]).policyName("allow-all")
                .policyDocument(allow("iam:*", "*")));
        iam.putUserPolicy(r -> r.userName(u[0]).policyName("no-admin-roles")
                .policyDocument(policy("Deny", "iam:CreateRole", ROLES + "admin-*")));
        String admin = unique("admin-x");
        String plain = unique("plain-x");
        try (IamClient asUser = client(u[1], u[2])) {
            IamException e = accessDenied(() -> asUser.createRole(r -> r.roleName(admin)
                    .assumeRolePolicyDocument(TRUST)), "iam:CreateRole", ROLES + admin);
            assertThat(message(e)).containsIgnoringCase("explicit deny");
            assertThat(asUser.createRole(r -> r.roleName(plain).assumeRolePolicyDocument(TRUST)).role().roleName())
                    .isEqualTo(plain);
            assertThat(asUser.listRoles().roles()).extracting(Role::roleName).contains(plain).doesNotContain(admin);
        }
    }

    @Test
    void aPermissionsBoundaryCapsWhatIdentityPoliciesAllow() {
        String[] u = userWithKey("bounded");
        String boundary = iam.createPolicy(r -> r.policyName(unique("read-only-boundary"))
                .policyDocument(allow("iam:Get*", "*"))).policy().arn();
        iam.putUserPolicy(r -> r.userName(u[0]).policyName("allow-all").policyDocument(allow("iam:*", "*")));
        iam.putUserPermissionsBoundary(r -> r.userName(u[0]).permissionsBoundary(boundary));
        var attached = iam.getUser(r -> r.userName(u[0])).user().permissionsBoundary();
        assertThat(attached.permissionsBoundaryArn()).isEqualTo(boundary);
        // the model's only value: anything else reaches the SDK as UNKNOWN_TO_SDK_VERSION
        assertThat(attached.permissionsBoundaryType())
                .isEqualTo(software.amazon.awssdk.services.iam.model.PermissionsBoundaryAttachmentType
                        .PERMISSIONS_BOUNDARY_POLICY);
        assertThat(iam.getPolicy(r -> r.policyArn(boundary)).policy().permissionsBoundaryUsageCount()).isEqualTo(1);
        fails(() -> iam.deletePolicy(r -> r.policyArn(boundary)), DeleteConflictException.class, "DeleteConflict",
                409);
        String role = unique("bounded-role");
        try (IamClient asUser = client(u[1], u[2])) {
            assertThat(asUser.getUser(r -> r.userName(u[0])).user().userName()).isEqualTo(u[0]);
            accessDenied(() -> asUser.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST)),
                    "iam:CreateRole", ROLES + role);
            iam.deleteUserPermissionsBoundary(r -> r.userName(u[0]));
            assertThat(asUser.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST)).role().roleName())
                    .isEqualTo(role);
        }
    }

    @Test
    void aConditionOnTheRolesOwnTagsDecides() {
        String[] u = userWithKey("tagged");
        iam.putUserPolicy(r -> r.userName(u[0]).policyName("blue-only").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\","
                        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"iam:ResourceTag/team\":\"blue\"}}}]}"));
        String blue = unique("blue");
        String red = unique("red");
        iam.createRole(r -> r.roleName(blue).assumeRolePolicyDocument(TRUST).tags(t -> t.key("team").value("blue")));
        iam.createRole(r -> r.roleName(red).assumeRolePolicyDocument(TRUST).tags(t -> t.key("team").value("red")));
        try (IamClient asUser = client(u[1], u[2])) {
            assertThat(asUser.getRole(r -> r.roleName(blue)).role().roleName()).isEqualTo(blue);
            accessDenied(() -> asUser.getRole(r -> r.roleName(red)), "iam:GetRole", ROLES + red);
        }
    }

    @Test
    void anAttachedManagedPolicyGrantsAndDetachingRevokes() {
        String[] u = userWithKey("managed");
        String arn = iam.createPolicy(r -> r.policyName(unique("list-roles"))
                .policyDocument(allow("iam:ListRoles", "*"))).policy().arn();
        iam.attachUserPolicy(r -> r.userName(u[0]).policyArn(arn));
        try (IamClient asUser = client(u[1], u[2])) {
            assertThat(asUser.listRoles().roles()).isNotNull();
            iam.detachUserPolicy(r -> r.userName(u[0]).policyArn(arn));
            accessDenied(asUser::listRoles, "iam:ListRoles", "arn:aws:iam::" + ACCOUNT + ":role/");
        }
    }

    @Test
    void aUserWithoutPoliciesIsDeniedEverything() {
        String[] u = userWithKey("nobody");
        String role = unique("r");
        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST));
        String self = "arn:aws:iam::" + ACCOUNT + ":user/" + u[0];
        try (IamClient asUser = client(u[1], u[2])) {
            accessDenied(asUser::getUser, "iam:GetUser", self);
            accessDenied(asUser::listAccessKeys, "iam:ListAccessKeys", self);
            accessDenied(asUser::createAccessKey, "iam:CreateAccessKey", self);
            accessDenied(asUser::listRoles, "iam:ListRoles", "arn:aws:iam::" + ACCOUNT + ":role/");
            accessDenied(asUser::listUsers, "iam:ListUsers", "arn:aws:iam::" + ACCOUNT + ":user/");
            accessDenied(() -> asUser.getRole(r -> r.roleName(role)), "iam:GetRole", ROLES + role);
            accessDenied(() -> asUser.deleteRole(r -> r.roleName(role)), "iam:DeleteRole", ROLES + role);
            String name = unique("u");
            accessDenied(() -> asUser.createUser(r -> r.userName(name)), "iam:CreateUser",
                    "arn:aws:iam::" + ACCOUNT + ":user/" + name);
            // it cannot grant itself anything either
            accessDenied(() -> asUser.putUserPolicy(r -> r.userName(u[0]).policyName("escalate")
                    .policyDocument(allow("*", "*"))), "iam:PutUserPolicy", self);
        }
        assertThat(iam.listUserPolicies(r -> r.userName(u[0])).policyNames()).isEmpty();
        assertThat(iam.listAccessKeys(r -> r.userName(u[0])).accessKeyMetadata()).hasSize(1);
        assertThat(iam.getRole(r -> r.roleName(role)).role().roleName()).isEqualTo(role);
    }

    @Test
    void aDeniedRequestForAMissingEntityDoesNotRevealIt() {
        String[] u = userWithKey("prober");
        String ghost = unique("ghost");
        try (IamClient asUser = client(u[1], u[2])) {
            // AccessDenied, not NoSuchEntity: a caller without permission learns nothing about existence
            accessDenied(() -> asUser.getRole(r -> r.roleName(ghost)), "iam:GetRole", ROLES + ghost);
        }
    }
}

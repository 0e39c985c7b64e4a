package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.LoginProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;
import software.amazon.awssdk.services.iam.model.PasswordPolicyViolationException;

/**
 * Account-level IAM through the unmodified SDK: login profiles as Terraform's provider drives them, the password
 * policy enforced, account aliases.
 */
class AccountIT extends IamItBase {

    @Test
    void aUserWithALoginProfileAsTerraformCreatesUpdatesAndDestroysIt() {
        String name = unique("console");
        iam.createUser(r -> r.userName(name));
        LoginProfile created = iam.createLoginProfile(r -> r.userName(name).password("Initial-pass-1")
                .passwordResetRequired(true)).loginProfile();
        assertThat(created.userName()).isEqualTo(name);
        assertThat(created.passwordResetRequired()).isTrue();
        assertThat(created.createDate()).isNotNull();
        fails(() -> iam.createLoginProfile(r -> r.userName(name).password("Another-pass-2")),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);

        LoginProfile got = iam.getLoginProfile(r -> r.userName(name)).loginProfile();
        assertThat(got.userName()).isEqualTo(name);
        assertThat(got.createDate()).isEqualTo(created.createDate());

        iam.updateLoginProfile(r -> r.userName(name).passwordResetRequired(false));
        assertThat(iam.getLoginProfile(r -> r.userName(name)).loginProfile().passwordResetRequired()).isFalse();
        iam.updateLoginProfile(r -> r.userName(name).password("Second-pass-2"));

        fails(() -> iam.deleteUser(r -> r.userName(name)), DeleteConflictException.class, "DeleteConflict", 409);
        iam.deleteLoginProfile(r -> r.userName(name));
        fails(() -> iam.getLoginProfile(r -> r.userName(name)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.deleteLoginProfile(r -> r.userName(name)), NoSuchEntityException.class, "NoSuchEntity",
                404);
        iam.deleteUser(r -> r.userName(name));

        // a user created again under the name has no login profile
        iam.createUser(r -> r.userName(name));
        fails(() -> iam.getLoginProfile(r -> r.userName(name)), NoSuchEntityException.class, "NoSuchEntity", 404);
        iam.deleteUser(r -> r.userName(name));
        fails(() -> iam.createLoginProfile(r -> r.userName(name).password("Initial-pass-1")),
                NoSuchEntityException.class, "NoSuchEntity", 404);
    }

    @Test
    void passwordsOutsideTheModelAreValidationErrorsThatNeverEchoThePassword() {
        String name = unique("badpw");
        iam.createUser(r -> r.userName(name));
        String withControl = "bell\u0007-in-it";
        IamException e = validationError(() -> iam.createLoginProfile(r -> r.userName(name).password(withControl)));
        assertThat(message(e)).doesNotContain("bell");
        String tooLong = "x".repeat(129);
        assertThat(message(validationError(() -> iam.createLoginProfile(r -> r.userName(name).password(tooLong)))))
                .doesNotContain(tooLong);
        // the edges the model allows: 128 characters; tab, line feed, carriage return, U+00FF
        iam.createLoginProfile(r -> r.userName(name).password("\t\n\r\u00ff" + "y".repeat(124)));
        iam.deleteLoginProfile(r -> r.userName(name));
        iam.deleteUser(r -> r.userName(name));
    }

    @Test
    void thePasswordPolicyIsEnforcedAndChangePasswordNeedsTheOldPassword() {
        fails(() -> iam.deleteAccountPasswordPolicy(), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(iam::getAccountPasswordPolicy, NoSuchEntityException.class, "NoSuchEntity", 404);
        validationError(() -> iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(5)));
        validationError(() -> iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(129)));
        validationError(() -> iam.updateAccountPasswordPolicy(r -> r.maxPasswordAge(0)));
        validationError(() -> iam.updateAccountPasswordPolicy(r -> r.maxPasswordAge(1096)));
        validationError(() -> iam.updateAccountPasswordPolicy(r -> r.passwordReusePrevention(25)));
        iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(12).requireNumbers(true).requireSymbols(true)
                .requireUppercaseCharacters(true).requireLowercaseCharacters(true).allowUsersToChangePassword(true)
                .maxPasswordAge(90).passwordReusePrevention(2));
        try {
            PasswordPolicy p = iam.getAccountPasswordPolicy().passwordPolicy();
            assertThat(p.minimumPasswordLength()).isEqualTo(12);
            assertThat(p.requireSymbols()).isTrue();
            assertThat(p.expirePasswords()).isTrue();
            assertThat(p.maxPasswordAge()).isEqualTo(90);
            assertThat(p.passwordReusePrevention()).isEqualTo(2);
            assertThat(p.hardExpiry()).isNull();

            String[] u = userWithKey("changer");
            fails(() -> iam.createLoginProfile(r -> r.userName(u[0]).password("short")),
                    PasswordPolicyViolationException.class, "PasswordPolicyViolation", 400);
            iam.createLoginProfile(r -> r.userName(u[0]).password("First-Password-1!"));
            try (IamClient asUser = client(u[1], u[2])) {
                // allowed by AllowUsersToChangePassword though the user has no policy
                fails(() -> asUser.changePassword(r -> r.oldPassword("Wrong-Password-1!")
                        .newPassword("Second-Password-2!")), IamException.class, "InvalidUserType", 400);
                fails(() -> asUser.changePassword(r -> r.oldPassword("First-Password-1!")
                        .newPassword("weak")), PasswordPolicyViolationException.class, "PasswordPolicyViolation", 400);
                fails(() -> asUser.changePassword(r -> r.oldPassword("First-Password-1!")
                        .newPassword("First-Password-1!")), PasswordPolicyViolationException.class,
                        "PasswordPolicyViolation", 400);
                asUser.changePassword(r -> r.oldPassword("First-Password-1!").newPassword("Second-Password-2!"));
                // the old password no longer works
                fails(() -> asUser.changePassword(r -> r.oldPassword("First-Password-1!")
                        .newPassword("Third-Password-3!")), IamException.class, "InvalidUserType", 400);
                // AllowUsersToChangePassword grants ChangePassword only
                fails(() -> asUser.getLoginProfile(r -> r.userName(u[0])), IamException.class, "AccessDenied", 403);
            }
            fails(() -> iam.changePassword(r -> r.oldPassword("First-Password-1!").newPassword("Root-Pass-1!x")),
                    IamException.class, "InvalidUserType", 400);
        } finally {
            iam.deleteAccountPasswordPolicy();
        }
        fails(iam::getAccountPasswordPolicy, NoSuchEntityException.class, "NoSuchEntity", 404);
    }

    @Test
    void anAliasIsOnePerAccountAndUniqueAcrossAccounts() {
        validationError(() -> iam.createAccountAlias(r -> r.accountAlias("ab")));
        validationError(() -> iam.createAccountAlias(r -> r.accountAlias("Upper-case")));
        validationError(() -> iam.createAccountAlias(r -> r.accountAlias("double--dash")));
        validationError(() -> iam.createAccountAlias(r -> r.accountAlias("-leading")));
        validationError(() -> iam.createAccountAlias(r -> r.accountAlias("a".repeat(64))));
        String alias = unique("co");
        iam.createAccountAlias(r -> r.accountAlias(alias));
        assertThat(iam.listAccountAliases().accountAliases()).containsExactly(alias);
        fails(() -> iam.createAccountAlias(r -> r.accountAlias(unique("co"))), LimitExceededException.class,
                "LimitExceeded", 409);

        // another account (created by the operator) cannot take it
        var other = json(admin("POST", cluster.adminToken(), "{}").body());
        try (IamClient otherRoot = client(other.get("rootAccessKeyId").asText(),
                other.get("rootSecretAccessKey").asText())) {
            fails(() -> otherRoot.createAccountAlias(r -> r.accountAlias(alias)),
                    EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
            assertThat(otherRoot.listAccountAliases().accountAliases()).isEmpty();
            fails(() -> otherRoot.deleteAccountAlias(r -> r.accountAlias(alias)), NoSuchEntityException.class,
                    "NoSuchEntity", 404);
            iam.deleteAccountAlias(r -> r.accountAlias(alias));
            otherRoot.createAccountAlias(r -> r.accountAlias(alias));
            assertThat(otherRoot.listAccountAliases().accountAliases()).containsExactly(alias);
            otherRoot.deleteAccountAlias(r -> r.accountAlias(alias));
        }
        assertThat(iam.listAccountAliases().accountAliases()).isEmpty();
    }

    @Test
    void aRenamedUserKeepsItsKeysGroupsAndPoliciesAndAUserRecreatedUnderTheOldNameInheritsNothing() {
        String[] u = userWithKey("renamed");
        String group = unique("listers");
        iam.createGroup(r -> r.groupName(group));
        iam.putGroupPolicy(r -> r.groupName(group).policyName("list").policyDocument(allow("iam:ListUsers", "*")));
        iam.addUserToGroup(r -> r.groupName(group).userName(u[0]));
        String policyArn = iam.createPolicy(r -> r.policyName(unique("getgroup")).policyDocument(
                allow("iam:GetGroup", "*"))).policy().arn();
        iam.attachUserPolicy(r -> r.userName(u[0]).policyArn(policyArn));
        iam.createLoginProfile(r -> r.userName(u[0]).password("Renamed-pass-1!"));
        String userId = iam.getUser(r -> r.userName(u[0])).user().userId();
        String other = unique("taken");
        iam.createUser(r -> r.userName(other));
        fails(() -> iam.updateUser(r -> r.userName(u[0]).newUserName(other.toUpperCase())),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);

        String newName = unique("moved");
        iam.updateUser(r -> r.userName(u[0]).newUserName(newName).newPath("/ops/"));
        fails(() -> iam.getUser(r -> r.userName(u[0])), NoSuchEntityException.class, "NoSuchEntity", 404);
        var moved = iam.getUser(r -> r.userName(newName)).user();
        assertThat(moved.userId()).isEqualTo(userId);
        assertThat(moved.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/ops/" + newName);
        assertThat(iam.listAccessKeys(r -> r.userName(newName)).accessKeyMetadata()).extracting(k -> k.accessKeyId())
                .containsExactly(u[1]);
        assertThat(iam.getLoginProfile(r -> r.userName(newName)).loginProfile().userName()).isEqualTo(newName);
        assertThat(iam.listGroupsForUser(r -> r.userName(newName)).groups()).extracting(g -> g.groupName())
                .containsExactly(group);
        assertThat(iam.getGroup(r -> r.groupName(group)).users()).extracting(x -> x.userName())
                .containsExactly(newName);

        // the key signs as the renamed user: its group's and its attached policies still apply
        try (IamClient asUser = client(u[1], u[2]);
             var sts = Sts.sts(replica, u[1], u[2])) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo(moved.arn());
            assertThat(asUser.listUsers().users()).extracting(x -> x.userName()).contains(newName);
            assertThat(asUser.getGroup(r -> r.groupName(group)).group().groupName()).isEqualTo(group);
        }

        // a user created under the old name is another user: no group, no policy, no key, no login profile
        iam.createUser(r -> r.userName(u[0]));
        assertThat(iam.getUser(r -> r.userName(u[0])).user().userId()).isNotEqualTo(userId);
        assertThat(iam.listGroupsForUser(r -> r.userName(u[0])).groups()).isEmpty();
        assertThat(iam.listAttachedUserPolicies(r -> r.userName(u[0])).attachedPolicies()).isEmpty();
        assertThat(iam.listAccessKeys(r -> r.userName(u[0])).accessKeyMetadata()).isEmpty();
        fails(() -> iam.getLoginProfile(r -> r.userName(u[0])), NoSuchEntityException.class, "NoSuchEntity", 404);
        assertThat(iam.getGroup(r -> r.groupName(group)).users()).extracting(x -> x.userName())
                .containsExactly(newName);
    }

    @Test
    void theAccountSummaryCountsAndTheAuthorizationDetailsPageOverEveryKind() {
        var before = iam.getAccountSummary().summaryMap();
        String user = unique("detailed");
        iam.createUser(r -> r.userName(user).path("/details/"));
        String group = unique("dgroup");
        iam.createGroup(r -> r.groupName(group));
        iam.addUserToGroup(r -> r.groupName(group).userName(user));
        iam.putUserPolicy(r -> r.userName(user).policyName("inline").policyDocument(allow("iam:GetUser", "*")));
        String role = unique("drole");
        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST));
        String policyArn = iam.createPolicy(r -> r.policyName(unique("dpolicy")).policyDocument(
                allow("s3:GetObject", "*"))).policy().arn();
        iam.createPolicyVersion(r -> r.policyArn(policyArn).policyDocument(allow("s3:*", "*")).setAsDefault(true));
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(policyArn));

        var after = iam.getAccountSummary().summaryMap();
        assertThat(after.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.USERS))
                .isEqualTo(before.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.USERS) + 1);
        assertThat(after.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.GROUPS))
                .isEqualTo(before.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.GROUPS) + 1);
        assertThat(after.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.ROLES))
                .isEqualTo(before.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.ROLES) + 1);
        assertThat(after.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.POLICY_VERSIONS_IN_USE))
                .isEqualTo(before.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.POLICY_VERSIONS_IN_USE)
                        + 2);
        assertThat(after.get(software.amazon.awssdk.services.iam.model.SummaryKeyType.USERS_QUOTA)).isEqualTo(5000);

        var all = iam.getAccountAuthorizationDetails();
        var u = all.userDetailList().stream().filter(x -> x.userName().equals(user)).findFirst().orElseThrow();
        assertThat(u.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/details/" + user);
        assertThat(u.groupList()).containsExactly(group);
        assertThat(u.userPolicyList()).extracting(p -> p.policyName()).containsExactly("inline");
        assertThat(urlDecode(u.userPolicyList().get(0).policyDocument())).contains("iam:GetUser");
        var rd = all.roleDetailList().stream().filter(x -> x.roleName().equals(role)).findFirst().orElseThrow();
        assertThat(rd.attachedManagedPolicies()).extracting(a -> a.policyArn()).containsExactly(policyArn);
        var pd = all.policies().stream().filter(x -> x.arn().equals(policyArn)).findFirst().orElseThrow();
        assertThat(pd.attachmentCount()).isEqualTo(1);
        assertThat(pd.defaultVersionId()).isEqualTo("v2");
        assertThat(pd.policyVersionList()).extracting(v -> v.versionId()).containsExactlyInAnyOrder("v1", "v2");

        var onlyRoles = iam.getAccountAuthorizationDetails(r -> r.filter(
                software.amazon.awssdk.services.iam.model.EntityType.ROLE));
        assertThat(onlyRoles.userDetailList()).isEmpty();
        assertThat(onlyRoles.policies()).isEmpty();
        assertThat(onlyRoles.roleDetailList()).extracting(x -> x.roleName()).contains(role);

        // one item per page: every entity once, in order, across the four lists
        int total = all.userDetailList().size() + all.groupDetailList().size() + all.roleDetailList().size()
                + all.policies().size();
        int seen = 0;
        String marker = null;
        for (int i = 0; i <= total; i++) {
            String m = marker;
            var page = iam.getAccountAuthorizationDetails(r -> r.maxItems(1).marker(m));
            seen += page.userDetailList().size() + page.groupDetailList().size() + page.roleDetailList().size()
                    + page.policies().size();
            if (!page.isTruncated()) {
                break;
            }
            marker = page.marker();
        }
        assertThat(seen).isEqualTo(total);

        var grants = iam.listPoliciesGrantingServiceAccess(r -> r.arn(u.arn()).serviceNamespaces("iam", "sts"))
                .policiesGrantingServiceAccess();
        assertThat(grants).extracting(g -> g.serviceNamespace()).containsExactly("iam", "sts");
        assertThat(grants.get(0).policies()).extracting(p -> p.policyName() + "/" + p.policyTypeAsString())
                .containsExactly("inline/INLINE");
        assertThat(grants.get(1).policies()).isEmpty();
    }
}

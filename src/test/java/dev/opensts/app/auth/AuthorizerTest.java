package dev.opensts.app.auth;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.error.AwsException;
import dev.opensts.iam.PolicyEvent.PolicyDeleted;
import dev.opensts.iam.RoleEvent.RoleDeleted;
import dev.opensts.iam.RoleEvent.RolePermissionsBoundaryPut;
import dev.opensts.iam.RoleEvent.RolePolicyAttached;
import dev.opensts.iam.RoleEvent.RolePolicyPut;
import dev.opensts.iam.RoleEvent.RoleTagged;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserDeleted;
import dev.opensts.iam.UserEvent.UserPermissionsBoundaryPut;
import dev.opensts.iam.UserEvent.UserPolicyAttached;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.AccessDenied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Who may do what in IAM: an account's root everything in its own account, an IAM user or a role session what
 * its policies allow within its boundary and session policies, nobody anything in another account, and an
 * explicit Deny wins. Given events, when the authorizer is asked, then allowed or AccessDenied with its reason.
 */
class AuthorizerTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/team/App";
    static final String OTHER_ROLE = "arn:aws:iam::210987654321:role/App";

    final AppFixture app = new AppFixture();

    void allowed(Caller c, String action, String resource) {
        assertThatCode(() -> app.authorizer.require(c, action, resource))
                .as("%s may %s on %s", c.arn(), action, resource).doesNotThrowAnyException();
    }

    AwsException denied(Caller c, String action, String resource) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> app.authorizer.require(c, action, resource));
        assertThat(e).as("%s may not %s on %s", c.arn(), action, resource).isNotNull();
        assertThat(e.code()).isEqualTo(AccessDenied);
        assertThat(e.getMessage()).startsWith("User: " + c.arn() + " is not authorized to perform: " + action
                + " on resource: " + resource + " ");
        return e;
    }

    Caller userWith(String name, String document) {
        app.given(userCreated(name, "/"), new UserPolicyPut(ACCOUNT, name, "inline", document));
        return app.user(name);
    }

    @Nested
    class Root {
        @Test
        void may_do_everything_in_its_own_account_without_a_policy() {
            allowed(root(), "iam:DeleteRole", ROLE);
            allowed(root(), "iam:CreateUser", userArn("/", "anyone"));
        }

        @Test
        void may_do_nothing_in_another_account() {
            assertThat(denied(root(), "iam:GetRole", OTHER_ROLE).getMessage())
                    .endsWith("because no identity-based policy allows the iam:GetRole action");
            denied(root(OTHER), "iam:GetRole", ROLE);
        }

        @Test
        void its_get_session_token_session_needs_mfa_for_iam() {
            assertThat(denied(app.rootSession(ACCOUNT, false), "iam:GetRole", ROLE).getMessage())
                    .contains("MFA");
            allowed(app.rootSession(ACCOUNT, true), "iam:GetRole", ROLE);
            denied(app.rootSession(ACCOUNT, true), "iam:GetRole", OTHER_ROLE);
        }
    }

    @Nested
    class User {
        @Test
        void without_a_policy_may_do_nothing() {
            app.given(userCreated("alice", "/"));
            assertThat(denied(app.user("alice"), "iam:GetRole", ROLE).getMessage())
                    .endsWith("because no identity-based policy allows the iam:GetRole action");
        }

        @Test
        void may_do_what_an_inline_or_attached_policy_allows() {
            app.given(policyCreated("ReadRoles", "/ro/", allow("iam:GetRole", "*")),
                    userCreated("alice", "/"), new UserPolicyPut(ACCOUNT, "alice", "p",
                            allow("iam:ListRoles", "*")),
                    new UserPolicyAttached(ACCOUNT, "alice", policyArn("/ro/", "ReadRoles")));
            Caller alice = app.user("alice");

            allowed(alice, "iam:ListRoles", ROLE);
            allowed(alice, "iam:GetRole", ROLE);
            denied(alice, "iam:DeleteRole", ROLE);
        }

        @Test
        void an_explicit_deny_wins_and_is_named() {
            app.given(policyCreated("NoDelete", "/", """
                            {"Version":"2012-10-17","Statement":[{"Sid":"Guard","Effect":"Deny",\
                            "Action":"iam:Delete*","Resource":"*"}]}"""),
                    userCreated("alice", "/"), new UserPolicyPut(ACCOUNT, "alice", "all", allow("iam:*", "*")),
                    new UserPolicyAttached(ACCOUNT, "alice", policyArn("/", "NoDelete")));

            assertThat(denied(app.user("alice"), "iam:DeleteRole", ROLE).getMessage()).endsWith(
                    "with an explicit deny in arn:aws:iam::123456789012:policy/NoDelete (statement Guard)");
            allowed(app.user("alice"), "iam:GetRole", ROLE);
        }

        @Test
        void an_allow_of_everything_does_not_reach_another_account() {
            Caller alice = userWith("alice", allow("*", "*"));
            allowed(alice, "iam:GetRole", ROLE);
            denied(alice, "iam:GetRole", OTHER_ROLE);
        }

        @Test
        void the_permissions_boundary_caps_what_the_policies_allow() {
            String boundary = policyArn("/", "GetOnly");
            app.given(policyCreated("GetOnly", "/", allow("iam:Get*", "*")));
            Caller alice = userWith("alice", allow("iam:*", "*"));
            app.given(new UserPermissionsBoundaryPut(ACCOUNT, "alice", boundary));

            allowed(alice, "iam:GetRole", ROLE);
            denied(alice, "iam:DeleteRole", ROLE);
        }

        @Test
        void a_boundary_whose_policy_is_gone_allows_nothing() {
            String boundary = policyArn("/", "GetOnly");
            app.given(policyCreated("GetOnly", "/", allow("iam:Get*", "*")));
            Caller alice = userWith("alice", allow("iam:*", "*"));
            app.given(new UserPermissionsBoundaryPut(ACCOUNT, "alice", boundary),
                    new PolicyDeleted(ACCOUNT, "GetOnly"));

            denied(alice, "iam:GetRole", ROLE);
        }

        @Test
        void a_user_deleted_and_created_again_under_its_name_is_another_user() {
            Caller old = userWith("alice", allow("iam:*", "*"));
            app.given(new dev.opensts.iam.UserEvent.UserPolicyDeleted(ACCOUNT, "alice", "inline"),
                    new UserDeleted(ACCOUNT, "alice"),
                    new dev.opensts.iam.UserEvent.UserCreated(ACCOUNT, "alice", "AIDANEWALICE22222222", "/",
                            List.of(), T0),
                    new UserPolicyPut(ACCOUNT, "alice", "inline", allow("iam:*", "*")));

            denied(old, "iam:GetRole", ROLE);
            allowed(app.user("alice"), "iam:GetRole", ROLE);
        }

        @Test
        void its_get_session_token_session_needs_mfa_for_iam() {
            userWith("alice", allow("iam:GetRole", "*"));
            assertThat(denied(app.userSession("alice", false), "iam:GetRole", ROLE).getMessage())
                    .contains("IAM actions need MFA");
            allowed(app.userSession("alice", true), "iam:GetRole", ROLE);
            denied(app.userSession("alice", true), "iam:DeleteRole", ROLE);
        }

        @Test
        void its_get_session_token_session_needs_no_mfa_outside_iam() {
            userWith("alice", allow("eks:DescribePodIdentityAssociation", "*"));
            String association = "arn:aws:eks:us-east-1:" + ACCOUNT + ":podidentityassociation/c/a-0123456789abcdefg";
            allowed(app.userSession("alice", false), "eks:DescribePodIdentityAssociation", association);
        }

        @Test
        void a_condition_on_the_resources_tags_sees_the_role_it_addresses() {
            app.given(roleCreated("Blue", "/"), new RoleTagged(ACCOUNT, "Blue", List.of(new Tag("team", "blue"))),
                    roleCreated("Red", "/"), new RoleTagged(ACCOUNT, "Red", List.of(new Tag("team", "red"))));
            Caller alice = userWith("alice", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:DeleteRole",\
                    "Resource":"*","Condition":{"StringEquals":{"iam:ResourceTag/team":"blue"}}}]}""");

            allowed(alice, "iam:DeleteRole", roleArn("/", "Blue"));
            denied(alice, "iam:DeleteRole", roleArn("/", "Red"));
        }
    }

    @Nested
    class RoleSession {
        @Test
        void may_do_what_its_roles_policies_allow() {
            app.given(policyCreated("Get", "/", allow("iam:GetRole", "*")), roleCreated("App", "/"),
                    new RolePolicyAttached(ACCOUNT, "App", policyArn("/", "Get")));
            Caller s = app.roleSession("App", "s");
            allowed(s, "iam:GetRole", ROLE);
            denied(s, "iam:DeleteRole", ROLE);
            denied(s, "iam:GetRole", OTHER_ROLE);
        }

        @Test
        void an_inline_session_policy_narrows_the_roles_permissions() {
            app.given(roleCreated("App", "/"), new RolePolicyPut(ACCOUNT, "App", "all", allow("iam:*", "*")));
            Caller s = app.roleSession("App", "s", allow("iam:List*", "*"), List.of());

            allowed(s, "iam:ListRoles", ROLE);
            assertThat(denied(s, "iam:GetRole", ROLE).getMessage()).contains("no identity-based policy allows");
            allowed(app.roleSession("App", "unlimited"), "iam:GetRole", ROLE);
        }

        @Test
        void a_session_policy_grants_nothing_the_role_does_not() {
            app.given(roleCreated("App", "/"), new RolePolicyPut(ACCOUNT, "App", "get", allow("iam:GetRole", "*")));
            denied(app.roleSession("App", "s", allow("*", "*"), List.of()), "iam:DeleteRole", ROLE);
        }

        @Test
        void managed_session_policies_narrow_too_and_one_that_is_gone_allows_nothing() {
            app.given(policyCreated("ListOnly", "/s/", allow("iam:List*", "*")), roleCreated("App", "/"),
                    new RolePolicyPut(ACCOUNT, "App", "all", allow("iam:*", "*")));
            Caller s = app.roleSession("App", "s", null, List.of(policyArn("/s/", "ListOnly")));

            allowed(s, "iam:ListRoles", ROLE);
            denied(s, "iam:GetRole", ROLE);
            app.given(new PolicyDeleted(ACCOUNT, "ListOnly"));
            denied(s, "iam:ListRoles", ROLE);
        }

        @Test
        void the_roles_boundary_caps_its_sessions() {
            app.given(policyCreated("GetOnly", "/", allow("iam:Get*", "*")), roleCreated("App", "/"),
                    new RolePolicyPut(ACCOUNT, "App", "all", allow("iam:*", "*")),
                    new RolePermissionsBoundaryPut(ACCOUNT, "App", policyArn("/", "GetOnly")));
            Caller s = app.roleSession("App", "s");
            allowed(s, "iam:GetRole", ROLE);
            denied(s, "iam:DeleteRole", ROLE);
        }

        @Test
        void a_session_of_a_role_deleted_and_created_again_has_no_permissions() {
            app.given(roleCreated("App", "/"), new RolePolicyPut(ACCOUNT, "App", "all", allow("iam:*", "*")));
            Caller old = app.roleSession("App", "s");
            app.given(new dev.opensts.iam.RoleEvent.RolePolicyDeleted(ACCOUNT, "App", "all"),
                    new RoleDeleted(ACCOUNT, "App"),
                    new dev.opensts.iam.RoleEvent.RoleCreated(ACCOUNT, "App", "AROANEWAPP2222222222", "/", TRUST,
                            null, 3600, List.of(), T0),
                    new RolePolicyPut(ACCOUNT, "App", "all", allow("iam:*", "*")));

            denied(old, "iam:GetRole", ROLE);
            allowed(app.roleSession("App", "s"), "iam:GetRole", ROLE);
        }
    }
}

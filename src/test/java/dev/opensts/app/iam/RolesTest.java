package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.iam.Actor;
import dev.opensts.iam.Quotas;
import dev.opensts.iam.RoleEvent.RoleCreated;
import dev.opensts.iam.RoleEvent.RoleDeleted;
import dev.opensts.iam.RoleEvent.RolePermissionsBoundaryPut;
import dev.opensts.iam.RoleEvent.RolePolicyAttached;
import dev.opensts.iam.RoleEvent.RolePolicyPut;
import dev.opensts.iam.RoleEvent.TrustPolicyUpdated;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The role use cases against in-memory ports: given events, when a use case, then its result and events. */
class RolesTest {
    static final String PERMISSIONS = allow("s3:GetObject", "*");

    final AppFixture app = new AppFixture();

    static Roles.NewRole newRole(String name, String path) {
        return new Roles.NewRole(name, path, TRUST, null, null, List.of(), null);
    }

    /** A user "dev" whose only policy is the document given. */
    Caller dev(String document) {
        app.given(userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "p", document));
        return app.user("dev");
    }

    @Nested
    class Create {
        @Test
        void the_new_role_has_its_path_in_its_arn_and_ids_and_time_minted_here() {
            RoleState r = await(app.roles.create(root(), new Roles.NewRole("App", "/team/a/", TRUST, "the app",
                    null, List.of(new Tag("env", "prod")), null), "req-1"));

            assertThat(r.arn()).isEqualTo("arn:aws:iam::123456789012:role/team/a/App");
            assertThat(r.roleId()).matches("AROA[A-Z2-7]{16}");
            assertThat(r.createDate()).isEqualTo(T0);
            assertThat(r.maxSessionDuration()).as("AWS's default").isEqualTo(3600);
            assertThat(app.appended()).containsExactly(new RoleCreated(ACCOUNT, "App", r.roleId(), "/team/a/",
                    TRUST, "the app", 3600, List.of(new Tag("env", "prod")), T0, null, Map.of()));
            assertThat(app.events.envelopes().get(0).requestId()).isEqualTo("req-1");
            assertThat(app.events.envelopes().get(0).actor()).isEqualTo(new Actor("Root",
                    "arn:aws:iam::" + ACCOUNT + ":root", "AKIAROOT" + ACCOUNT, ACCOUNT));
            assertThat(app.events.envelopes().get(0).time()).isEqualTo(T0);
        }

        @Test
        void without_a_path_the_role_is_at_the_root_path() {
            RoleState r = await(app.roles.create(root(), newRole("App", null), "r"));
            assertThat(r.arn()).isEqualTo("arn:aws:iam::123456789012:role/App");
        }

        @Test
        void two_roles_get_two_ids() {
            RoleState a = await(app.roles.create(root(), newRole("A", null), "r"));
            RoleState b = await(app.roles.create(root(), newRole("B", null), "r"));
            assertThat(a.roleId()).isNotEqualTo(b.roleId());
        }

        @Test
        void authorization_is_on_the_arn_with_the_path_asked_for() {
            Caller dev = dev(allow("iam:CreateRole", "arn:aws:iam::123456789012:role/team/*"));

            assertThat(await(app.roles.create(dev, newRole("Mine", "/team/"), "r")).path()).isEqualTo("/team/");
            assertThat(failure(app.roles.create(dev, newRole("Theirs", "/ops/"), "r")).getMessage())
                    .contains("iam:CreateRole", "arn:aws:iam::123456789012:role/ops/Theirs");
            assertThat(app.view.role(ACCOUNT, "Theirs")).isNull();
        }

        @Test
        void a_name_taken_in_another_letter_case_is_taken() {
            app.given(roleCreated("App", "/"));
            assertThat(failure(app.roles.create(root(), newRole("APP", "/x/"), "r")).code())
                    .isEqualTo(EntityAlreadyExists);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void the_account_quota_of_roles_is_enforced() {
            var app = new AppFixture(Options.defaults().quotas(quotas(2)));
            app.given(roleCreated("A", "/"), roleCreated("B", "/"), roleCreated(OTHER, "C", "/"));

            var e = failure(app.roles.create(root(), newRole("D", null), "r"));

            assertThat(e.code()).isEqualTo(LimitExceeded);
            assertThat(e.getMessage()).isEqualTo("Cannot exceed quota for RolesPerAccount: 2");
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void another_accounts_roles_do_not_count_toward_the_quota() {
            var app = new AppFixture(Options.defaults().quotas(quotas(2)));
            app.given(roleCreated("A", "/"), roleCreated(OTHER, "B", "/"), roleCreated(OTHER, "C", "/"));
            assertThat(await(app.roles.create(root(), newRole("D", null), "r")).roleName()).isEqualTo("D");
        }

        @Test
        void a_deleted_role_leaves_room_for_another() {
            var app = new AppFixture(Options.defaults().quotas(quotas(1)));
            app.given(roleCreated("A", "/"), new RoleDeleted(ACCOUNT, "A"));
            assertThat(await(app.roles.create(root(), newRole("B", null), "r")).roleName()).isEqualTo("B");
        }

        @Test
        void a_permissions_boundary_must_name_an_existing_policy_of_the_account() {
            app.given(policyCreated("Bound", "/b/", PERMISSIONS));
            var withBoundary = new Roles.NewRole("App", null, TRUST, null, null, List.of(), policyArn("/b/", "Bound"));
            var missing = new Roles.NewRole("App", null, TRUST, null, null, List.of(), policyArn("/", "Bound"));

            assertThat(failure(app.roles.create(root(), missing, "r")).code()).isEqualTo(InvalidInput);
            assertThat(await(app.roles.create(root(), withBoundary, "r")).permissionsBoundary())
                    .isEqualTo("arn:aws:iam::123456789012:policy/b/Bound");
        }

        @Test
        void the_iam_principals_of_the_trust_policy_are_bound_to_their_unique_ids() {
            app.given(userCreated("alice", "/eng/"));
            String trust = """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                    "Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}""";

            RoleState r = await(app.roles.create(root(), new Roles.NewRole("App", null, trust, null, null, List.of(),
                    null), "r"));

            assertThat(r.trustPrincipalIds()).containsExactly(Map.entry("123456789012:user/alice",
                    "AIDAALICEQQQQQQQQQQQ"));
        }

        @Test
        void a_trust_policy_naming_a_user_that_does_not_exist_is_refused() {
            String trust = """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                    "Principal":{"AWS":"arn:aws:iam::123456789012:user/ghost"},"Action":"sts:AssumeRole"}]}""";
            assertThat(failure(app.roles.create(root(), new Roles.NewRole("App", null, trust, null, null, List.of(),
                    null), "r")).code()).isEqualTo(MalformedPolicyDocument);
        }
    }

    @Nested
    class AuthorizationComesBeforeExistence {
        @Test
        void a_caller_without_permission_learns_nothing_of_a_role_that_does_not_exist() {
            Caller dev = dev(allow("s3:*", "*"));

            assertThat(failure(app.roles.get(dev, "Ghost")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.roles.tags(dev, "Ghost")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.roles.inlinePolicyNames(dev, "Ghost")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.roles.change(dev, new RoleChange.Delete("Ghost"), "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.roles.change(dev, new RoleChange.AttachPolicy("Ghost",
                    policyArn("/", "Nope")), "r")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void a_caller_with_permission_is_told_it_does_not_exist() {
            Caller dev = dev(allow("iam:*", "*"));

            var e = failure(app.roles.get(dev, "Ghost"));
            assertThat(e.code()).isEqualTo(NoSuchEntity);
            assertThat(e.getMessage()).isEqualTo("The role with name Ghost cannot be found.");
            assertThat(failure(app.roles.change(dev, new RoleChange.Delete("Ghost"), "r")).code())
                    .isEqualTo(NoSuchEntity);
        }

        @Test
        void an_existing_role_is_authorized_on_its_arn_with_its_path() {
            app.given(roleCreated("App", "/team/"), roleCreated("Other", "/ops/"));
            Caller dev = dev(allow("iam:*", "arn:aws:iam::123456789012:role/team/*"));

            assertThat(await(app.roles.get(dev, "App")).roleName()).isEqualTo("App");
            assertThat(failure(app.roles.get(dev, "Other")).code()).isEqualTo(AccessDenied);
            await(app.roles.change(dev, new RoleChange.Delete("app"), "r"));
            assertThat(app.appended()).containsExactly(new RoleDeleted(ACCOUNT, "App"));
        }
    }

    @Nested
    class Reads {
        @Test
        void get_finds_a_role_whatever_the_letter_case() {
            app.given(roleCreated("App", "/team/"));
            assertThat(await(app.roles.get(root(), "APP")).arn()).isEqualTo(roleArn("/team/", "App"));
        }

        @Test
        void list_filters_by_path_prefix_in_name_order() {
            app.given(roleCreated("b", "/team/"), roleCreated("A", "/team/x/"), roleCreated("C", "/ops/"),
                    roleCreated(OTHER, "D", "/team/"));

            assertThat(await(app.roles.list(root(), "/team/"))).extracting(RoleState::roleName)
                    .containsExactly("A", "b");
            assertThat(await(app.roles.list(root(), null))).extracting(RoleState::roleName)
                    .containsExactly("A", "b", "C");
        }

        @Test
        void an_inline_policy_that_does_not_exist_is_no_such_entity() {
            app.given(roleCreated("App", "/"), new RolePolicyPut(ACCOUNT, "App", "read", PERMISSIONS));

            assertThat(await(app.roles.inlinePolicy(root(), "app", "read")))
                    .isEqualTo(new InlinePolicy("App", "read", PERMISSIONS));
            assertThat(failure(app.roles.inlinePolicy(root(), "App", "write")).getMessage())
                    .isEqualTo("The role policy with name write cannot be found.");
        }

        @Test
        void attached_policies_filter_by_the_policy_path() {
            String a = policyArn("/x/", "A");
            String b = policyArn("/", "B");
            app.given(policyCreated("A", "/x/", PERMISSIONS), policyCreated("B", "/", PERMISSIONS),
                    roleCreated("App", "/"), new RolePolicyAttached(ACCOUNT, "App", b),
                    new RolePolicyAttached(ACCOUNT, "App", a));

            assertThat(await(app.roles.attachedPolicies(root(), "App", null))).as("sorted by ARN")
                    .containsExactly(b, a);
            assertThat(await(app.roles.attachedPolicies(root(), "App", "/x/"))).containsExactly(a);
        }
    }

    @Nested
    class Changes {
        @Test
        void attaching_needs_the_exact_arn_of_an_existing_policy() {
            app.given(roleCreated("App", "/"), policyCreated("P", "/p/", PERMISSIONS));

            assertThat(failure(app.roles.change(root(), new RoleChange.AttachPolicy("App", policyArn("/", "P")),
                    "r")).code()).isEqualTo(NoSuchEntity);
            assertThat(app.appended()).isEmpty();

            await(app.roles.change(root(), new RoleChange.AttachPolicy("App", policyArn("/p/", "P")), "r"));
            assertThat(app.appended()).containsExactly(new RolePolicyAttached(ACCOUNT, "App",
                    "arn:aws:iam::123456789012:policy/p/P"));
        }

        @Test
        void attaching_another_accounts_policy_is_refused_as_if_it_did_not_exist() {
            app.given(roleCreated("App", "/"), policyCreated(OTHER, "P", "/", PERMISSIONS));
            Caller dev = dev(allow("iam:AttachRolePolicy", "*"));
            var e = failure(app.roles.change(dev, new RoleChange.AttachPolicy("App",
                    "arn:aws:iam::210987654321:policy/P"), "r"));
            assertThat(e.code()).isEqualTo(NoSuchEntity);
        }

        @Test
        void a_permissions_boundary_put_is_checked_to_exist() {
            app.given(roleCreated("App", "/"), policyCreated("B", "/", PERMISSIONS));

            assertThat(failure(app.roles.change(root(), new RoleChange.PutPermissionsBoundary("App",
                    policyArn("/", "Nope")), "r")).code()).isEqualTo(InvalidInput);
            await(app.roles.change(root(), new RoleChange.PutPermissionsBoundary("App", policyArn("/", "B")), "r"));
            assertThat(app.appended()).containsExactly(new RolePermissionsBoundaryPut(ACCOUNT, "App",
                    policyArn("/", "B")));
        }

        @Test
        void a_new_trust_policy_binds_its_principals_again() {
            app.given(roleCreated("App", "/"), userCreated("bob", "/"));
            String trust = """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                    "Principal":{"AWS":"arn:aws:iam::123456789012:user/bob"},"Action":"sts:AssumeRole"}]}""";

            await(app.roles.change(root(), new RoleChange.UpdateTrustPolicy("App", trust), "r"));

            assertThat(app.appended()).containsExactly(new TrustPolicyUpdated(ACCOUNT, "App", trust,
                    Map.of("123456789012:user/bob", "AIDABOBQQQQQQQQQQQQQ")));
        }

        @Test
        void a_change_that_changes_nothing_appends_nothing() {
            String p = policyArn("/", "P");
            app.given(roleCreated("App", "/"), policyCreated("P", "/", PERMISSIONS),
                    new RolePolicyAttached(ACCOUNT, "App", p));
            await(app.roles.change(root(), new RoleChange.AttachPolicy("App", p), "r"));
            assertThat(app.appended()).isEmpty();
        }
    }

    static Quotas quotas(int roles) {
        Quotas q = Quotas.AWS;
        return new Quotas(roles, q.usersPerAccount(), q.policiesPerAccount(), q.roleInlinePolicySize(),
                q.userInlinePolicySize(), q.managedPolicySize(), q.trustPolicySize(), q.attachedPoliciesPerEntity(),
                q.accessKeysPerUser(), q.tagsPerEntity());
    }

    @Test
    void a_change_by_an_iam_user_names_the_user_and_its_access_key() {
        app.given(roleCreated("App", "/"));
        Caller dev = dev(allow("iam:PutRolePolicy", "*"));

        await(app.roles.change(dev, new RoleChange.PutInlinePolicy("App", "p", PERMISSIONS), "req-9"));

        var e = app.events.envelopes().get(0);
        assertThat(e.requestId()).isEqualTo("req-9");
        assertThat(e.actor()).isEqualTo(new Actor("IAMUser", userArn("/", "dev"), dev.accessKeyId(), ACCOUNT));
        assertThat(e.actor().accessKeyId()).startsWith("AKIA");
    }
}

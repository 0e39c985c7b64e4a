package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.iam.PolicyEvent.PolicyCreated;
import dev.opensts.iam.PolicyEvent.PolicyDeleted;
import dev.opensts.iam.Quotas;
import dev.opensts.iam.RoleEvent.RolePermissionsBoundaryPut;
import dev.opensts.iam.RoleEvent.RolePolicyAttached;
import dev.opensts.iam.RoleEvent.RolePolicyDetached;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserPermissionsBoundaryPut;
import dev.opensts.iam.UserEvent.UserPolicyAttached;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The customer-managed policy use cases against in-memory ports. */
class PoliciesTest {
    static final String DOC = allow("s3:GetObject", "*");

    final AppFixture app = new AppFixture();

    static Policies.NewPolicy newPolicy(String name, String path) {
        return new Policies.NewPolicy(name, path, null, DOC, List.of());
    }

    static List<String> names(List<Policies.PolicyInUse> list) {
        return list.stream().map(p -> p.policy().policyName()).toList();
    }

    @Nested
    class Create {
        @Test
        void the_new_policy_has_its_path_in_its_arn_and_an_id_minted_here() {
            var created = await(app.policies.create(root(), new Policies.NewPolicy("Read", "/team/", "reads",
                    DOC, List.of(new Tag("k", "v"))), "r"));

            assertThat(created.policy().arn()).isEqualTo("arn:aws:iam::123456789012:policy/team/Read");
            assertThat(created.policy().policyId()).matches("ANPA[A-Z2-7]{16}");
            assertThat(created.attachments()).isZero();
            assertThat(app.appended()).containsExactly(new PolicyCreated(ACCOUNT, "Read",
                    created.policy().policyId(), "/team/", "reads", DOC, List.of(new Tag("k", "v")), T0));
        }

        @Test
        void authorization_is_on_the_arn_with_the_path_asked_for() {
            app.given(userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "p",
                    allow("iam:CreatePolicy", "arn:aws:iam::123456789012:policy/team/*")));
            Caller dev = app.user("dev");

            await(app.policies.create(dev, newPolicy("Mine", "/team/"), "r"));
            assertThat(failure(app.policies.create(dev, newPolicy("Theirs", "/"), "r")).code())
                    .isEqualTo(AccessDenied);
        }

        @Test
        void the_account_quota_of_policies_is_enforced() {
            Quotas q = Quotas.AWS;
            var app = new AppFixture(Options.defaults().quotas(new Quotas(q.rolesPerAccount(), q.usersPerAccount(),
                    1, q.roleInlinePolicySize(), q.userInlinePolicySize(), q.managedPolicySize(),
                    q.trustPolicySize(), q.attachedPoliciesPerEntity(), q.accessKeysPerUser(), q.tagsPerEntity())));
            app.given(policyCreated("A", "/", DOC));

            var e = failure(app.policies.create(root(), newPolicy("B", "/"), "r"));
            assertThat(e.code()).isEqualTo(LimitExceeded);
            assertThat(e.getMessage()).isEqualTo("Cannot exceed quota for PoliciesPerAccount: 1");
            assertThat(app.appended()).isEmpty();
        }
    }

    @Nested
    class Get {
        @Test
        void by_its_exact_arn_with_its_path() {
            app.given(policyCreated("Read", "/team/", DOC));

            assertThat(await(app.policies.get(root(), policyArn("/team/", "Read"))).policy().policyName())
                    .isEqualTo("Read");
            assertThat(failure(app.policies.get(root(), policyArn("/", "Read"))).code()).isEqualTo(NoSuchEntity);
        }

        @Test
        void counts_the_users_and_roles_that_use_it() {
            String p = policyArn("/", "P");
            app.given(policyCreated("P", "/", DOC), roleCreated("R1", "/"), roleCreated("R2", "/"),
                    userCreated("u", "/"), new RolePolicyAttached(ACCOUNT, "R1", p),
                    new UserPolicyAttached(ACCOUNT, "u", p), new RolePermissionsBoundaryPut(ACCOUNT, "R2", p));

            var inUse = await(app.policies.get(root(), p));
            assertThat(inUse.attachments()).isEqualTo(2);
            assertThat(inUse.boundaryUses()).isEqualTo(1);
        }

        @Test
        void another_accounts_policy_is_not_revealed() {
            app.given(policyCreated(OTHER, "P", "/", DOC));
            var existing = failure(app.policies.get(root(), "arn:aws:iam::210987654321:policy/P"));
            var missing = failure(app.policies.get(root(), "arn:aws:iam::210987654321:policy/Q"));
            assertThat(existing.code()).isEqualTo(AccessDenied);
            assertThat(missing.code()).isEqualTo(AccessDenied);
        }

        @Test
        void a_caller_without_permission_learns_nothing_of_a_policy_that_does_not_exist() {
            app.given(userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "p", allow("s3:*", "*")));
            assertThat(failure(app.policies.get(app.user("dev"), policyArn("/", "Ghost"))).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.policies.delete(app.user("dev"), policyArn("/", "Ghost"), "r")).code())
                    .isEqualTo(AccessDenied);
        }

        @Test
        void its_only_version_is_v1() {
            app.given(policyCreated("P", "/", DOC));
            assertThat(await(app.policyVersions.version(root(), policyArn("/", "P"), "v1")).version().document())
                    .isEqualTo(DOC);
            assertThat(failure(app.policyVersions.version(root(), policyArn("/", "P"), "v2")).code())
                    .isEqualTo(NoSuchEntity);
        }
    }

    @Nested
    class ListPolicies {
        /** A attached to a role, B a user's boundary, C unused at /x/, and another account's D attached there. */
        @org.junit.jupiter.api.BeforeEach
        void given() {
            app.given(policyCreated("A", "/", DOC), policyCreated("B", "/", DOC), policyCreated("C", "/x/", DOC),
                    policyCreated(OTHER, "D", "/", DOC), roleCreated("R", "/"), userCreated("u", "/"),
                    roleCreated(OTHER, "S", "/"),
                    new RolePolicyAttached(ACCOUNT, "R", policyArn("/", "A")),
                    new UserPermissionsBoundaryPut(ACCOUNT, "u", policyArn("/", "B")),
                    new RolePolicyAttached(OTHER, "S", "arn:aws:iam::210987654321:policy/D"));
        }

        List<String> list(String scope, boolean onlyAttached, String usage, String prefix) {
            return names(await(app.policies.list(root(), new Policies.Filter(scope, onlyAttached, usage, prefix))));
        }

        @Test
        void all_or_local_lists_the_accounts_policies() {
            assertThat(list(null, false, null, null)).containsExactly("A", "B", "C");
            assertThat(list("All", false, null, null)).containsExactly("A", "B", "C");
            assertThat(list("Local", false, null, null)).containsExactly("A", "B", "C");
        }

        @Test
        void aws_scope_lists_nothing_yet() {
            assertThat(list("AWS", false, null, null)).isEmpty();
        }

        @Test
        void only_attached_counts_attachments_and_boundaries() {
            assertThat(list(null, true, null, null)).containsExactly("A", "B");
        }

        @Test
        void by_usage() {
            assertThat(list(null, false, "PermissionsPolicy", null)).containsExactly("A");
            assertThat(list(null, false, "PermissionsBoundary", null)).containsExactly("B");
        }

        @Test
        void by_path_prefix() {
            assertThat(list(null, false, null, "/x/")).containsExactly("C");
        }

        @Test
        void the_usage_counts_come_with_each() {
            var a = await(app.policies.list(root(), new Policies.Filter(null, false, null, null))).get(0);
            assertThat(a.attachments()).isEqualTo(1);
            assertThat(a.boundaryUses()).isZero();
        }
    }

    @Nested
    class Delete {
        @Test
        void a_policy_attached_to_a_role_cannot_be_deleted() {
            String p = policyArn("/", "P");
            app.given(policyCreated("P", "/", DOC), roleCreated("R", "/"), new RolePolicyAttached(ACCOUNT, "R", p));

            var e = failure(app.policies.delete(root(), p, "r"));
            assertThat(e.code()).isEqualTo(DeleteConflict);
            assertThat(e.getMessage()).isEqualTo("Cannot delete a policy attached to entities.");
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void a_policy_that_is_a_boundary_cannot_be_deleted() {
            String p = policyArn("/", "P");
            app.given(policyCreated("P", "/", DOC), userCreated("u", "/"),
                    new UserPermissionsBoundaryPut(ACCOUNT, "u", p));
            assertThat(failure(app.policies.delete(root(), p, "r")).code()).isEqualTo(DeleteConflict);
        }

        @Test
        void a_policy_no_longer_attached_is_deleted() {
            String p = policyArn("/team/", "P");
            app.given(policyCreated("P", "/team/", DOC), roleCreated("R", "/"),
                    new RolePolicyAttached(ACCOUNT, "R", p), new RolePolicyDetached(ACCOUNT, "R", p));

            await(app.policies.delete(root(), p, "r"));

            assertThat(app.appended()).containsExactly(new PolicyDeleted(ACCOUNT, "P"));
            assertThat(app.view.policy(ACCOUNT, "P")).isNull();
        }

        @Test
        void a_policy_attached_in_another_account_under_the_same_name_does_not_block() {
            app.given(policyCreated("P", "/", DOC), policyCreated(OTHER, "P", "/", DOC), roleCreated(OTHER, "S", "/"),
                    new RolePolicyAttached(OTHER, "S", "arn:aws:iam::210987654321:policy/P"));
            await(app.policies.delete(root(), policyArn("/", "P"), "r"));
            assertThat(app.appended()).containsExactly(new PolicyDeleted(ACCOUNT, "P"));
        }
    }
}

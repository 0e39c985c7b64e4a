package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.iam.GroupEvent.GroupCreated;
import dev.opensts.iam.GroupEvent.UserAddedToGroup;
import dev.opensts.iam.GroupQuotas;
import dev.opensts.iam.InstanceProfileEvent.InstanceProfileCreated;
import dev.opensts.iam.InstanceProfileEvent.RoleAddedToInstanceProfile;
import dev.opensts.iam.UserEvent.UserPolicyAttached;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** GetAccountSummary and GetAccountAuthorizationDetails against in-memory ports. */
class AccountOverviewTest {
    final AppFixture app = new AppFixture();
    final IamContext iam = new IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock, app.quotas);
    final AccountOverview overview = new AccountOverview(iam, app.policies, GroupQuotas.AWS);

    AccountOverviewTest() {
        app.given(userCreated("dave", "/"), userCreated("erin", "/x/"), roleCreated("app", "/"),
                policyCreated("p", "/", allow("s3:*", "*")), new GroupCreated(ACCOUNT, "devs", "AGPADEVS", "/", T0),
                new UserPolicyAttached(ACCOUNT, "dave", policyArn("/", "p")),
                new UserPolicyPut(ACCOUNT, "erin", "inline", allow("iam:Get*", "*")),
                userCreated(OTHER, "stranger", "/"));
        app.given(new UserAddedToGroup(ACCOUNT, "devs", "dave", app.view.user(ACCOUNT, "dave").userId()),
                new InstanceProfileCreated(ACCOUNT, "web", "AIPAWEB", "/", List.of(), T0),
                new RoleAddedToInstanceProfile(ACCOUNT, "web", "app", app.view.role(ACCOUNT, "app").roleId()));
    }

    @Test
    void the_summary_counts_this_accounts_entities_with_the_quotas() {
        var m = await(overview.summary(root()));
        assertThat(m).containsEntry("Users", 2).containsEntry("Roles", 1).containsEntry("Groups", 1)
                .containsEntry("Policies", 1).containsEntry("PolicyVersionsInUse", 1)
                .containsEntry("InstanceProfiles", 1).containsEntry("UsersQuota", 5000)
                .containsEntry("RolesQuota", 1000).containsEntry("AccessKeysPerUserQuota", 2)
                .containsEntry("GroupsQuota", 300).containsEntry("AccountAccessKeysPresent", 1);
        assertThat(await(overview.summary(root(OTHER)))).containsEntry("Users", 1).containsEntry("Roles", 0);
    }

    @Test
    void the_details_list_every_kind_or_those_the_filter_names() {
        var d = await(overview.details(root(), List.of()));
        assertThat(d.users()).extracting(u -> u.user().userName()).containsExactly("dave", "erin");
        assertThat(d.users().get(0).groupNames()).containsExactly("devs");
        assertThat(d.groups()).extracting(g -> g.groupName()).containsExactly("devs");
        assertThat(d.roles()).hasSize(1);
        assertThat(d.roles().get(0).instanceProfiles()).extracting(p -> p.instanceProfileName())
                .containsExactly("web");
        assertThat(d.policies()).hasSize(1);
        assertThat(d.policies().get(0).attachments()).isEqualTo(1);

        var roles = await(overview.details(root(), List.of("Role")));
        assertThat(roles.users()).isEmpty();
        assertThat(roles.policies()).isEmpty();
        assertThat(roles.roles()).hasSize(1);
    }

    @Test
    void both_need_iam_permission_on_the_account() {
        var erin = app.user("erin"); // iam:Get* on *
        assertThat(await(overview.summary(erin))).containsEntry("Users", 2);
        assertThat(await(overview.details(erin, List.of("User"))).users()).hasSize(2);
        assertThat(failure(overview.summary(app.user("dave"))).code()).isEqualTo(AccessDenied);
        assertThat(failure(overview.details(app.user("dave"), List.of())).code()).isEqualTo(AccessDenied);
    }
}

package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.iam.GroupEvent.GroupCreated;
import dev.opensts.iam.GroupEvent.UserAddedToGroup;
import dev.opensts.iam.GroupQuotas;
import dev.opensts.iam.UserEvent.AccessKeyCreated;
import dev.opensts.iam.UserEvent.LoginProfileCreated;
import dev.opensts.iam.UserEvent.UserPolicyAttached;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import dev.opensts.iam.UserState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** UpdateUser against in-memory ports: what goes with a renamed user, and what does not. */
class UpdateUserTest {
    final AppFixture app = new AppFixture();
    final IamContext iam = new IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock, app.quotas);
    final Groups groups = new Groups(iam, GroupQuotas.AWS);
    final String policyArn = policyArn("/", "p");
    String daveId;

    UpdateUserTest() {
        app.given(userCreated("dave", "/"), policyCreated("p", "/", allow("s3:*", "*")),
                new AccessKeyCreated(ACCOUNT, "dave", "AKIADAVE0000000000000000", "sealed", T0),
                new UserPolicyAttached(ACCOUNT, "dave", policyArn),
                new LoginProfileCreated(ACCOUNT, "dave", "$argon2id$h", false, T0),
                new GroupCreated(ACCOUNT, "devs", "AGPADEVS", "/", T0));
        daveId = app.view.user(ACCOUNT, "dave").userId();
        app.given(new UserAddedToGroup(ACCOUNT, "devs", "dave", daveId));
    }

    @Test
    void a_renamed_user_keeps_its_id_keys_policies_groups_and_login_profile() {
        UserState before = app.view.user(ACCOUNT, "dave");
        await(app.users.update(root(), "dave", "david", "/ops/", "r"));
        assertThat(app.view.user(ACCOUNT, "dave")).isNull();
        UserState after = app.view.user(ACCOUNT, "david");
        assertThat(after.userId()).isEqualTo(daveId);
        assertThat(after.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/ops/david");
        assertThat(after.accessKeys()).isEqualTo(before.accessKeys());
        assertThat(after.attachedPolicyArns()).containsExactly(policyArn);
        assertThat(after.loginProfile()).isEqualTo(before.loginProfile());
        assertThat(app.view.accessKeyOwner("AKIADAVE0000000000000000").userName()).isEqualTo("david");
        assertThat(app.view.groupsOf(ACCOUNT, daveId)).extracting(g -> g.groupName()).containsExactly("devs");
        assertThat(await(groups.get(root(), "devs")).users()).extracting(UserState::userName)
                .containsExactly("david");
    }

    @Test
    void a_user_created_under_the_old_name_inherits_nothing() {
        await(app.users.update(root(), "dave", "david", null, "r"));
        await(app.users.create(root(), new Users.NewUser("dave", null, List.of(), null), "r"));
        UserState fresh = app.view.user(ACCOUNT, "dave");
        assertThat(fresh.userId()).isNotEqualTo(daveId);
        assertThat(fresh.attachedPolicyArns()).isEmpty();
        assertThat(fresh.accessKeys()).isEmpty();
        assertThat(fresh.loginProfile()).isNull();
        assertThat(app.view.groupsOf(ACCOUNT, fresh.userId())).isEmpty();
        assertThat(await(groups.get(root(), "devs")).users()).extracting(UserState::userName)
                .containsExactly("david");
        assertThat(app.view.accessKeyOwner("AKIADAVE0000000000000000").userName()).isEqualTo("david");
    }

    @Test
    void a_taken_name_in_any_case_is_refused_and_nothing_changes() {
        app.given(userCreated("eve", "/"));
        int appended = app.appended().size();
        assertThat(failure(app.users.update(root(), "dave", "EVE", null, "r")).code()).isEqualTo(EntityAlreadyExists);
        assertThat(app.appended()).hasSize(appended);
        assertThat(app.view.user(ACCOUNT, "dave").userId()).isEqualTo(daveId);
        assertThat(app.view.user(ACCOUNT, "eve").userId()).isNotEqualTo(daveId);
        assertThat(failure(app.users.update(root(), "nobody", "x", null, "r")).code()).isEqualTo(NoSuchEntity);
    }

    @Test
    void letter_case_and_path_change_in_place() {
        await(app.users.update(root(), "dave", "Dave", "/x/", "r"));
        UserState u = app.view.user(ACCOUNT, "dave");
        assertThat(u.userName()).isEqualTo("Dave");
        assertThat(u.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/x/Dave");
        assertThat(app.view.accessKeyOwner("AKIADAVE0000000000000000").userName()).isEqualTo("Dave");
        assertThat(app.appended().getLast()).isInstanceOf(dev.opensts.iam.UserEvent.UserUpdated.class);
    }

    @Test
    void update_user_is_authorized_on_the_old_and_the_new_arn() {
        app.given(userCreated("admin", "/"), new UserPolicyPut(ACCOUNT, "admin", "p",
                allow("iam:UpdateUser", "arn:aws:iam::" + ACCOUNT + ":user/dave")));
        Caller admin = app.user("admin");
        assertThat(failure(app.users.update(admin, "dave", "david", null, "r")).code()).isEqualTo(AccessDenied);
        app.given(new UserPolicyPut(ACCOUNT, "admin", "q",
                allow("iam:UpdateUser", "arn:aws:iam::" + ACCOUNT + ":user/david")));
        await(app.users.update(app.user("admin"), "dave", "david", null, "r"));
        assertThat(app.view.user(ACCOUNT, "david").userId()).isEqualTo(daveId);
    }

    @Test
    void a_rename_at_the_user_quota_is_not_refused() {
        var full = new AppFixture(AppFixture.Options.defaults().quotas(new dev.opensts.iam.Quotas(1000, 1, 1500, 10240,
                2048, 6144, 2048, 10, 2, 50)));
        full.given(userCreated("solo", "/"));
        await(full.users.update(root(), "solo", "renamed", null, "r"));
        assertThat(full.view.user(ACCOUNT, "renamed")).isNotNull();
        assertThat(full.view.user(ACCOUNT, "solo")).isNull();
    }
}

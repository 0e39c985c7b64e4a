package dev.opensts.app.history;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.iam.Policies;
import dev.opensts.app.iam.RoleChange;
import dev.opensts.app.iam.Roles;
import dev.opensts.iam.Actor;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given a role's life told through the use cases (each an hour apart, some by the root, some by an IAM user), the
 * history folds its state at any instant and lists each change with its actor and request id.
 */
class HistoryTest {
    static final String TRUST_2 = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::123456789012:user/dev"},"Action":"sts:AssumeRole"}]}""";
    static final String READ = allow("s3:GetObject", "*");
    static final String APP = roleArn("/team/", "App");
    static final Duration HOUR = Duration.ofHours(1);

    final AppFixture app = new AppFixture();
    Caller dev;
    String firstRoleId;
    String secondRoleId;

    /** T0 create (root), +1h trust (dev), +2h attach (root), +3h inline (root), +4h detach, delete inline and delete (dev), +5h create (root). */
    void lifeOfApp() {
        app.given(userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "all", allow("*", "*")));
        dev = app.user("dev");
        await(app.policies.create(root(), new Policies.NewPolicy("Read", "/", null, READ, List.of()), "r-policy"));
        firstRoleId = await(app.roles.create(root(), new Roles.NewRole("App", "/team/", TRUST, null, null, List.of(),
                null), "r-create")).roleId();
        app.clock.advance(HOUR);
        await(app.roles.change(dev, new RoleChange.UpdateTrustPolicy("App", TRUST_2), "r-trust"));
        app.clock.advance(HOUR);
        await(app.roles.change(root(), new RoleChange.AttachPolicy("App", policyArn("/", "Read")), "r-attach"));
        app.clock.advance(HOUR);
        await(app.roles.change(root(), new RoleChange.PutInlinePolicy("App", "inline", READ), "r-inline"));
        app.clock.advance(HOUR);
        await(app.roles.change(dev, new RoleChange.DetachPolicy("App", policyArn("/", "Read")), "r-detach"));
        await(app.roles.change(dev, new RoleChange.DeleteInlinePolicy("App", "inline"), "r-uninline"));
        await(app.roles.change(dev, new RoleChange.Delete("App"), "r-delete"));
        app.clock.advance(HOUR);
        secondRoleId = await(app.roles.create(root(), new Roles.NewRole("app", "/", TRUST, null, null, List.of(),
                null), "r-recreate")).roleId();
        app.clock.advance(HOUR);
    }

    @Test
    void the_state_between_two_changes_is_the_role_as_it_was_then() {
        lifeOfApp();

        var s = await(app.history.stateAt(root(), APP, T0.plus(HOUR).plusSeconds(1800)));

        RoleState r = (RoleState) s.state();
        assertThat(r.trustPolicy()).isEqualTo(TRUST_2);
        assertThat(r.attachedPolicyArns()).isEmpty();
        assertThat(r.inlinePolicies()).isEmpty();
        assertThat(s.life()).isEqualTo(1);
        assertThat(s.entityId()).isEqualTo(firstRoleId);
        assertThat(s.entityArn()).isEqualTo(APP);
        assertThat(s.lastChange()).isEqualTo(T0.plus(HOUR));
        assertThat(s.lastActor()).isEqualTo(dev.actor());

        var later = await(app.history.stateAt(root(), APP, T0.plus(HOUR.multipliedBy(3))));
        RoleState r3 = (RoleState) later.state();
        assertThat(r3.attachedPolicyArns()).containsExactly(policyArn("/", "Read"));
        assertThat(r3.inlinePolicies()).containsEntry("inline", READ);
        ManagedPolicyState read = later.managedPolicies().get(policyArn("/", "Read"));
        assertThat(read.document()).as("the attached policy as it was then").isEqualTo(READ);
    }

    @Test
    void an_instant_exactly_at_a_change_sees_it() {
        lifeOfApp();
        var s = await(app.history.stateAt(root(), APP, T0.plus(HOUR.multipliedBy(2))));
        assertThat(((RoleState) s.state()).attachedPolicyArns()).hasSize(1);
        var before = await(app.history.stateAt(root(), APP, T0.plus(HOUR.multipliedBy(2)).minusMillis(1)));
        assertThat(((RoleState) before.state()).attachedPolicyArns()).isEmpty();
    }

    @Test
    void a_deleted_and_recreated_role_is_another_life_with_another_id() {
        lifeOfApp();

        var gone = failure(app.history.stateAt(root(), APP, T0.plus(HOUR.multipliedBy(4)).plusSeconds(1)));
        assertThat(gone.code()).isEqualTo(NoSuchEntity);
        assertThat(gone.getMessage()).contains("did not exist at");

        var again = await(app.history.stateAt(root(), APP, T0.plus(HOUR.multipliedBy(5))));
        assertThat(again.life()).isEqualTo(2);
        assertThat(again.entityId()).isEqualTo(secondRoleId).isNotEqualTo(firstRoleId);
        assertThat(((RoleState) again.state()).path()).isEqualTo("/");
        assertThat(((RoleState) again.state()).roleName()).isEqualTo("app");

        var before = failure(app.history.stateAt(root(), APP, T0.minusSeconds(1)));
        assertThat(before.code()).isEqualTo(NoSuchEntity);
    }

    @Test
    void the_history_lists_every_change_of_both_lives_with_its_actor_and_request_id() {
        lifeOfApp();

        var page = await(app.history.history(root(), APP, null, null));

        assertThat(page.truncated()).isFalse();
        assertThat(page.entityArn()).as("the latest life's ARN").isEqualTo(roleArn("/", "app"));
        assertThat(page.changes()).extracting(c -> c.recorded().event().getClass().getSimpleName())
                .containsExactly("RoleCreated", "TrustPolicyUpdated", "RolePolicyAttached", "RolePolicyPut",
                        "RolePolicyDetached", "RolePolicyDeleted", "RoleDeleted", "RoleCreated");
        assertThat(page.changes()).extracting(c -> c.recorded().requestId())
                .containsExactly("r-create", "r-trust", "r-attach", "r-inline", "r-detach", "r-uninline", "r-delete",
                        "r-recreate");
        assertThat(page.changes()).extracting(History.Change::life).containsExactly(1, 1, 1, 1, 1, 1, 1, 2);
        assertThat(page.changes()).extracting(History.Change::entityId).containsExactly(firstRoleId, firstRoleId,
                firstRoleId, firstRoleId, firstRoleId, firstRoleId, firstRoleId, secondRoleId);
        Actor rootActor = root().actor();
        assertThat(page.changes()).extracting(c -> c.recorded().actor()).containsExactly(rootActor, dev.actor(),
                rootActor, rootActor, dev.actor(), dev.actor(), dev.actor(), rootActor);
        assertThat(dev.actor().accessKeyId()).startsWith("AKIA");
        assertThat(page.changes().get(1).recorded().time()).isEqualTo(T0.plus(HOUR));
    }

    @Test
    void the_history_comes_in_pages() {
        lifeOfApp();

        var first = await(app.history.history(root(), APP, null, 4));
        assertThat(first.changes()).hasSize(4);
        assertThat(first.truncated()).isTrue();
        var second = await(app.history.history(root(), APP, first.marker(), 4));
        assertThat(second.changes()).extracting(c -> c.recorded().requestId()).containsExactly("r-detach",
                "r-uninline", "r-delete", "r-recreate");
        assertThat(second.truncated()).isFalse();

        assertThat(failure(app.history.history(root(), APP, "not-a-marker", 4)).code()).isEqualTo(ValidationError);
        assertThat(failure(app.history.history(root(), APP, null, 0)).code()).isEqualTo(ValidationError);
        assertThat(failure(app.history.history(root(), APP, null, 1001)).code()).isEqualTo(ValidationError);
    }

    @Test
    void another_account_is_refused_before_anything_is_read() {
        lifeOfApp();
        assertThat(failure(app.history.history(root(OTHER), APP, null, null)).code()).isEqualTo(AccessDenied);
        assertThat(failure(app.history.stateAt(root(OTHER), APP, T0)).code()).isEqualTo(AccessDenied);
        // the same answer whether the entity exists or not
        assertThat(failure(app.history.history(root(OTHER), roleArn("/", "Nothing"), null, null)).code())
                .isEqualTo(AccessDenied);
    }

    @Test
    void an_iam_user_needs_a_policy_for_each_action_on_the_entitys_real_arn() {
        lifeOfApp();
        app.given(userCreated("auditor", "/"), new UserPolicyPut(ACCOUNT, "auditor", "h",
                allow(History.GET_HISTORY, "arn:aws:iam::" + ACCOUNT + ":role/*")));
        Caller auditor = app.user("auditor");

        assertThat(await(app.history.history(auditor, APP, null, null)).changes()).hasSize(8);
        var denied = failure(app.history.stateAt(auditor, APP, T0));
        assertThat(denied.code()).isEqualTo(AccessDenied);
        assertThat(denied.getMessage()).contains(History.GET_STATE);

        app.given(userCreated("narrow", "/"), new UserPolicyPut(ACCOUNT, "narrow", "h",
                allow(History.GET_HISTORY, "arn:aws:iam::" + ACCOUNT + ":role/team/*")));
        // the ARN as written matches; the role's latest life lives at "/", which the policy does not cover
        assertThat(failure(app.history.history(app.user("narrow"), APP, null, null)).code()).isEqualTo(AccessDenied);
    }

    @Test
    void what_never_existed_is_no_such_entity_and_the_future_is_not_asked_about() {
        lifeOfApp();
        assertThat(failure(app.history.history(root(), roleArn("/", "Nothing"), null, null)).code())
                .isEqualTo(NoSuchEntity);
        assertThat(failure(app.history.stateAt(root(), APP, app.clock.instant().plusSeconds(1))).code())
                .isEqualTo(ValidationError);
        assertThat(failure(app.history.history(root(), "arn:aws:s3:::bucket", null, null)).code())
                .isEqualTo(ValidationError);
    }

    @Test
    void a_managed_policy_and_a_user_have_histories_too() {
        lifeOfApp();
        var policy = await(app.history.stateAt(root(), policyArn("/", "Read"), app.clock.instant()));
        assertThat(((ManagedPolicyState) policy.state()).document()).isEqualTo(READ);
        assertThat(await(app.history.history(root(), policyArn("/", "Read"), null, null)).changes()).hasSize(1);

        await(app.users.create(root(), new dev.opensts.app.iam.Users.NewUser("ops", "/", List.of(), null), "r-u"));
        var page = await(app.history.history(root(), userArn("/", "ops"), null, null));
        assertThat(page.changes()).singleElement().satisfies(c -> {
            assertThat(c.recorded().requestId()).isEqualTo("r-u");
            assertThat(c.recorded().actor()).isEqualTo(root().actor());
        });
    }
}

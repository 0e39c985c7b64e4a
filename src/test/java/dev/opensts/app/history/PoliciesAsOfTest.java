package dev.opensts.app.history;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.auth.PrincipalPolicies;
import dev.opensts.app.iam.Policies;
import dev.opensts.app.iam.RoleChange;
import dev.opensts.app.iam.Roles;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.StreamIds;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A role session's or user's policies as of an earlier instant, folded from the history: the decision endpoint's
 * asOf, a user's groups as they were then included.
 */
class PoliciesAsOfTest {
    static final Duration HOUR = Duration.ofHours(1);
    static final String OBJECT = "arn:aws:s3:::bucket/key";

    final AppFixture app = new AppFixture();

    Outcome decide(Caller caller, Instant asOf) {
        return decide(caller, StreamIds.role(ACCOUNT, "App"), asOf);
    }

    Outcome decide(Caller caller, String stream, Instant asOf) {
        AggregateState then = await(app.history.stateOf(stream, asOf));
        var parts = then == null ? History.PoliciesThen.NONE : await(app.history.policiesThen(then, asOf));
        PrincipalPolicies p = new PolicySources(app.view).asOf(caller, then, parts.groups(), parts.managed());
        var context = new Contexts(app.view, app.clock).forCaller(caller, "s3:GetObject", OBJECT).build();
        return Evaluator.evaluate(context, p.identity(), p.session(), p.boundary()).outcome();
    }

    @Test
    void before_the_attach_it_is_denied_after_it_allowed() {
        await(app.policies.create(root(), new Policies.NewPolicy("Read", "/", null, allow("s3:GetObject", "*"),
                List.of()), "r"));
        await(app.roles.create(root(), new Roles.NewRole("App", "/", TRUST, null, null, List.of(), null), "r"));
        app.clock.advance(HOUR);
        await(app.roles.change(root(), new RoleChange.AttachPolicy("App", policyArn("/", "Read")), "r"));
        app.clock.advance(HOUR);
        await(app.roles.change(root(), new RoleChange.PutInlinePolicy("App", "no", deny("s3:*", "*")), "r"));
        app.clock.advance(HOUR);
        Caller session = app.roleSession("App", "s");

        assertThat(decide(session, T0.plus(HOUR).minusSeconds(1))).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(decide(session, T0.plus(HOUR).plusSeconds(1))).isEqualTo(Outcome.ALLOW);
        assertThat(decide(session, T0.plus(HOUR.multipliedBy(2)))).isEqualTo(Outcome.EXPLICIT_DENY);
    }

    @Test
    void a_session_of_a_recreated_role_borrows_nothing_from_the_old_life() {
        await(app.roles.create(root(), new Roles.NewRole("App", "/", TRUST, null, null, List.of(), null), "r"));
        await(app.roles.change(root(), new RoleChange.PutInlinePolicy("App", "yes", allow("s3:*", "*")), "r"));
        app.clock.advance(HOUR);
        await(app.roles.change(root(), new RoleChange.DeleteInlinePolicy("App", "yes"), "r"));
        await(app.roles.change(root(), new RoleChange.Delete("App"), "r"));
        await(app.roles.create(root(), new Roles.NewRole("App", "/", TRUST, null, null, List.of(), null), "r"));
        app.clock.advance(HOUR);
        Caller newLife = app.roleSession("App", "s");

        assertThat(decide(newLife, T0.plusSeconds(60))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void a_user_has_the_policies_of_the_groups_it_was_in_then_and_a_recreated_user_none() {
        var iam = new dev.opensts.app.iam.IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock,
                app.quotas);
        var groups = new dev.opensts.app.iam.Groups(iam, dev.opensts.iam.GroupQuotas.AWS);
        await(app.policies.create(root(), new Policies.NewPolicy("Read", "/", null, allow("s3:GetObject", "*"),
                List.of()), "r"));
        await(app.users.create(root(), new dev.opensts.app.iam.Users.NewUser("alice", "/", List.of(), null), "r"));
        await(groups.create(root(), "Readers", "/", "r"));
        await(groups.attachPolicy(root(), "Readers", policyArn("/", "Read"), "r"));
        await(groups.create(root(), "Deniers", "/", "r"));
        await(groups.putPolicy(root(), "Deniers", "no", deny("s3:*", "*"), "r"));
        app.clock.advance(HOUR);
        await(groups.addUser(root(), "Readers", "alice", "r"));
        app.clock.advance(HOUR);
        await(groups.addUser(root(), "Deniers", "alice", "r"));
        app.clock.advance(HOUR);
        await(groups.removeUser(root(), "Deniers", "alice", "r"));
        await(groups.removeUser(root(), "Readers", "alice", "r"));
        app.clock.advance(HOUR);
        Caller alice = app.user("alice");
        String stream = StreamIds.user(ACCOUNT, "alice");

        assertThat(decide(alice, stream, T0.plus(HOUR).minusSeconds(1))).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(decide(alice, stream, T0.plus(HOUR).plusSeconds(1))).isEqualTo(Outcome.ALLOW);
        assertThat(decide(alice, stream, T0.plus(HOUR.multipliedBy(2)).plusSeconds(1)))
                .as("a Deny of a group it was in then decides").isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(decide(alice, stream, T0.plus(HOUR.multipliedBy(3)).plusSeconds(1))).isEqualTo(Outcome.IMPLICIT_DENY);

        await(app.users.change(root(), new dev.opensts.app.iam.UserChange.Delete("alice"), "r"));
        await(app.users.create(root(), new dev.opensts.app.iam.Users.NewUser("alice", "/", List.of(), null), "r"));
        Caller newAlice = app.user("alice");
        assertThat(decide(newAlice, stream, T0.plus(HOUR).plusSeconds(1)))
                .as("another life of the name was never in the group").isEqualTo(Outcome.IMPLICIT_DENY);
    }
}

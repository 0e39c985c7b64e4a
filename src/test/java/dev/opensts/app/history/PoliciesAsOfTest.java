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

/** A role session's policies as of an earlier instant, folded from the history: the decision endpoint's asOf. */
class PoliciesAsOfTest {
    static final Duration HOUR = Duration.ofHours(1);
    static final String OBJECT = "arn:aws:s3:::bucket/key";

    final AppFixture app = new AppFixture();

    Outcome decide(Caller caller, Instant asOf) {
        AggregateState then = await(app.history.stateOf(StreamIds.role(ACCOUNT, "App"), asOf));
        var managed = then == null ? java.util.Map.<String, dev.opensts.iam.ManagedPolicyState>of()
                : await(app.history.managedPolicies(then, asOf));
        PrincipalPolicies p = new PolicySources(app.view).asOf(caller, then, managed);
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
}

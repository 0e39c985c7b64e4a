package dev.opensts.policy;

import static dev.opensts.policy.Fixtures.ALICE;
import static dev.opensts.policy.Fixtures.doc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Algebraic properties of evaluation that AWS's logic guarantees, over generated policies and requests. */
class PolicyPropertiesTest {

    private static final List<String> ACTIONS = List.of("s3:GetObject", "s3:PutObject", "iam:CreateRole",
            "sts:AssumeRole");
    private static final List<String> RESOURCES = List.of("arn:aws:s3:::bucket/a/b", "arn:aws:s3:::other/x",
            "arn:aws:iam::111122223333:role/Admin", "*");

    @Provide
    Arbitrary<String> statement() {
        return Combinators.combine(
                Arbitraries.of("Allow", "Deny"),
                Arbitraries.of("Action", "NotAction"),
                Arbitraries.of("'s3:GetObject'", "'s3:*'", "'*'", "['iam:*','s3:Put*']", "'sts:Assume?ole'"),
                Arbitraries.of("Resource", "NotResource"),
                Arbitraries.of("'*'", "'arn:aws:s3:::bucket/*'", "'arn:aws:iam::*:role/*'", "'arn:aws:s3:::other/?'"),
                Arbitraries.of("", ",'Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}",
                        ",'Condition':{'Bool':{'aws:SecureTransport':'true'}}",
                        ",'Condition':{'ForAllValues:StringLike':{'aws:TagKeys':'a*'}}",
                        ",'Condition':{'StringNotEqualsIfExists':{'aws:SourceVpc':'vpc-1'}}",
                        ",'Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}"))
                .as((effect, actionEl, action, resEl, res, cond) -> "{'Effect':'" + effect + "','" + actionEl + "':"
                        + action + ",'" + resEl + "':" + res + cond + "}");
    }

    @Provide
    Arbitrary<String> denyStatement() {
        return statement().map(s -> s.replace("'Effect':'Allow'", "'Effect':'Deny'"));
    }

    @Provide
    Arbitrary<RequestContext> request() {
        return Combinators.combine(
                Arbitraries.of(ACTIONS), Arbitraries.of(RESOURCES), Arbitraries.of("true", "false", null),
                Arbitraries.of("10.1.2.3", "192.0.2.1", null), Arbitraries.of(0, 1, 2))
                .as((action, resource, secure, ip, tags) -> {
                    RequestContext.Builder b = RequestContext.builder().principal(ALICE).action(action)
                            .resource(resource);
                    if (secure != null) {
                        b.put("aws:SecureTransport", secure);
                    }
                    if (ip != null) {
                        b.put("aws:SourceIp", ip);
                    }
                    if (tags == 1) {
                        b.put("aws:TagKeys", "abc", "add");
                    } else if (tags == 2) {
                        b.put("aws:TagKeys", "abc", "zzz");
                    }
                    return b.build();
                });
    }

    private static Decision evaluate(List<String> statements, RequestContext ctx) {
        Policy p = Policy.parse(doc(statements.toArray(String[]::new)), PolicyKind.ROLE_INLINE);
        return Evaluator.evaluate(ctx, List.of(new NamedPolicy("p", p)), null, null);
    }

    @Property(tries = 300)
    void addingADenyNeverTurnsADenyIntoAnAllow(@ForAll @Size(min = 1, max = 6) List<@From("statement") String> stmts,
                                                @ForAll("denyStatement") String deny,
                                                @ForAll("request") RequestContext ctx) {
        List<String> more = new ArrayList<>(stmts);
        more.add(deny);
        if (evaluate(more, ctx).allowed()) {
            assertThat(evaluate(stmts, ctx).allowed()).isTrue();
        }
    }

    @Property(tries = 300)
    void onlyDenyStatementsNeverAllow(@ForAll @Size(min = 1, max = 6) List<@From("denyStatement") String> stmts,
                                      @ForAll("request") RequestContext ctx) {
        assertThat(evaluate(stmts, ctx).outcome()).isNotEqualTo(Outcome.ALLOW);
    }

    @Property(tries = 300)
    void decisionDoesNotDependOnStatementOrder(
            @ForAll @Size(min = 1, max = 8) List<@From("statement") String> stmts,
            @ForAll("request") RequestContext ctx, @ForAll long seed) {
        List<String> shuffled = new ArrayList<>(stmts);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(evaluate(shuffled, ctx).outcome()).isEqualTo(evaluate(stmts, ctx).outcome());
    }

    @Property(tries = 300)
    void evaluationIsDeterministic(@ForAll @Size(min = 1, max = 8) List<@From("statement") String> stmts,
                                   @ForAll("request") RequestContext ctx) {
        Policy p = Policy.parse(doc(stmts.toArray(String[]::new)), PolicyKind.ROLE_INLINE);
        List<NamedPolicy> policies = List.of(new NamedPolicy("p", p));
        Decision first = Evaluator.evaluate(ctx, policies, null, null);
        for (int i = 0; i < 3; i++) {
            assertThat(Evaluator.evaluate(ctx, policies, null, null)).isEqualTo(first);
        }
    }

    @Property(tries = 200)
    void sessionAndBoundaryNeverWidenIdentityPermissions(
            @ForAll @Size(min = 1, max = 4) List<@From("statement") String> identity,
            @ForAll @Size(min = 1, max = 4) List<@From("statement") String> session,
            @ForAll @Size(min = 1, max = 4) List<@From("statement") String> boundary,
            @ForAll("request") RequestContext ctx) {
        NamedPolicy id = new NamedPolicy("id", Policy.parse(doc(identity.toArray(String[]::new)), PolicyKind.MANAGED));
        NamedPolicy s = new NamedPolicy("s", Policy.parse(doc(session.toArray(String[]::new)), PolicyKind.SESSION));
        NamedPolicy b = new NamedPolicy("b", Policy.parse(doc(boundary.toArray(String[]::new)), PolicyKind.BOUNDARY));
        if (Evaluator.evaluate(ctx, List.of(id), List.of(s), b).allowed()) {
            assertThat(Evaluator.evaluate(ctx, List.of(id), null, null).allowed()).isTrue();
        }
    }
}

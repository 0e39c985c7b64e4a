package dev.opensts.app.auth;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.Outcome;

/**
 * Authorizes a caller's action on a resource of its own account with the policy engine. An
 * account's root may do everything in its own account; every other principal needs an Allow from
 * its identity policies, within its session policies, and no explicit Deny. Nothing crosses
 * accounts here: another account's resources are outside every IAM action.
 */
public final class Authorizer {
    private final PolicySources policies;
    private final Contexts contexts;

    public Authorizer(PolicySources policies, Contexts contexts) {
        this.policies = policies;
        this.contexts = contexts;
    }

    /** @throws AwsException AccessDenied, naming the action, the resource and why */
    public void require(Caller caller, String action, String resourceArn) {
        require(caller, action, resourceArn, java.util.Map.of());
    }

    /**
     * @param requestKeys the condition keys of what the request asks for (IamRequestKeys), over those of the
     *                    caller and the resource
     * @throws AwsException AccessDenied, naming the action, the resource and why
     */
    public void require(Caller caller, String action, String resourceArn,
                        java.util.Map<String, java.util.List<String>> requestKeys) {
        require(caller, action, resourceArn, requestKeys, isAccount(caller.accountId(), resourceArn));
    }

    /**
     * An action that names no resource (SimulateCustomPolicy, GetContextKeysForCustomPolicy), which AWS authorizes on
     * Resource "*": it acts within the caller's own account, so the caller needs an Allow of the action on "*".
     *
     * @throws AwsException AccessDenied, naming the action and why
     */
    public void requireOnAnyResource(Caller caller, String action) {
        require(caller, action, "*", java.util.Map.of(), true);
    }

    private void require(Caller caller, String action, String resourceArn,
                         java.util.Map<String, java.util.List<String>> requestKeys, boolean sameAccount) {
        SessionClaims s = caller.session();
        FederatedUsers.refuse(caller, action, resourceArn);
        if (s != null && s.kind() != SessionKind.ASSUMED_ROLE && !s.mfaPresent()
                && (action.startsWith("iam:") || action.startsWith("opensts:"))) {
            // AWS: GetSessionToken credentials without MFA cannot call IAM (nor STS beyond AssumeRole and
            // GetCallerIdentity: open-sts's RevokeSessions is held to the IAM rule); other services they may
            throw new AwsException(ErrorCode.AccessDenied, "User: " + caller.arn() + " is not authorized to perform: "
                    + action + " on resource: " + resourceArn + " because IAM actions need MFA when called with "
                    + "GetSessionToken credentials");
        }
        if (caller.isRoot() && sameAccount && caller.session() == null) {
            return;
        }
        dev.opensts.policy.RequestContext built = context(caller, action, resourceArn, requestKeys);
        Decision d = evaluate(caller, built);
        if (sameAccount && (d.allowed() || (caller.isRoot() && d.outcome() != Outcome.EXPLICIT_DENY))) {
            return;
        }
        throw denied(caller, action, resourceArn, d, built);
    }

    /**
     * The policy engine's decision for the caller's request, as {@link #require} weighs it (before the root's and the
     * account's rules): the request path's evaluation, which the policy simulator's conformance is held to.
     */
    public Decision decide(Caller caller, String action, String resourceArn,
                           java.util.Map<String, java.util.List<String>> requestKeys) {
        return evaluate(caller, context(caller, action, resourceArn, requestKeys));
    }

    private dev.opensts.policy.RequestContext context(Caller caller, String action, String resourceArn,
                                                      java.util.Map<String, java.util.List<String>> requestKeys) {
        var context = contexts.withResource(contexts.forCaller(caller, action, resourceArn), resourceArn);
        requestKeys.forEach((k, v) -> context.put(k, v.toArray(String[]::new)));
        return context.build();
    }

    private Decision evaluate(Caller caller, dev.opensts.policy.RequestContext context) {
        PrincipalPolicies p = policies.of(caller);
        return Evaluator.evaluate(context, p.identity(), p.session(), p.boundary());
    }

    public static AccessDenied denied(Caller caller, String action, String resource, Decision d) {
        return denied(caller, action, resource, d, null);
    }

    /** @param context the request context it was evaluated with, for the encoded failure message; may be null */
    public static AccessDenied denied(Caller caller, String action, String resource, Decision d,
                                      dev.opensts.policy.RequestContext context) {
        String why = d != null && d.outcome() == Outcome.EXPLICIT_DENY
                ? "with an explicit deny in " + describe(d)
                : "because no identity-based policy allows the " + action + " action";
        return new AccessDenied("User: " + caller.arn() + " is not authorized to perform: "
                + action + " on resource: " + resource + " " + why, d, action, resource, context);
    }

    static String describe(Decision d) {
        if (d.deciding().isEmpty()) {
            return "a policy";
        }
        DecidingStatement s = d.deciding().get(0);
        return s.policyName() + (s.sid() != null ? " (statement " + s.sid() + ")" : " (statement " + s.index() + ")");
    }

    private static boolean isAccount(String account, String resourceArn) {
        Arn arn = Arn.parse(resourceArn);
        return arn != null && account.equals(arn.account());
    }
}

package dev.opensts.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * AWS's policy evaluation logic for one request, without organisations (SCPs/RCPs are out of scope).
 *
 * <ol>
 * <li>An explicit Deny in any applicable policy decides: {@link Outcome#EXPLICIT_DENY}.
 * <li>Otherwise identity-based policies must allow, and, when present, the permissions boundary and the session
 *     policies must allow too (the effective permissions are the intersection).
 * <li>With a resource policy (see {@link #evaluateWithResourcePolicy}) the documented same-account and
 *     cross-account rules apply.
 * <li>Anything else is {@link Outcome#IMPLICIT_DENY}.
 * </ol>
 * The account root user has every permission in its own account without identity policies (AWS: the root user
 * cannot be restricted by IAM policies), so for a {@link PrincipalType#ROOT} caller the identity layer allows.
 *
 * <p>Identity-based policies (and the root's own permissions) only ever grant access to resources of the
 * principal's own account: without a resource-based policy, a request for a resource of another account
 * ({@link RequestContext#resourceAccount()}) is denied whatever the caller's policies say.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Matching statements of one policy layer; lists are created only when something matches. */
    private static final class Tally {
        List<DecidingStatement> allows;
        List<DecidingStatement> denies;
        PrincipalMatch best = PrincipalMatch.NONE;

        boolean allowed() {
            return allows != null;
        }
    }

    public static Decision evaluate(RequestContext ctx, List<NamedPolicy> identity, List<NamedPolicy> session,
                                    NamedPolicy boundary) {
        Objects.requireNonNull(ctx, "ctx");
        Tally id = scan(ctx, identity);
        Tally sess = session == null ? null : scan(ctx, session);
        Tally bnd = boundary == null ? null : scan(ctx, List.of(boundary));
        Decision deny = explicitDeny(id, sess, bnd, null);
        if (deny != null) {
            return deny;
        }
        if (crossAccount(ctx)) {
            return new Decision(Outcome.IMPLICIT_DENY, List.of());
        }
        boolean ok = identityAllows(ctx, id) && layerAllows(bnd) && layerAllows(sess);
        return decide(ok, id, bnd, sess, null);
    }

    /**
     * Evaluates a request against a resource policy (e.g. a role's trust policy for sts:AssumeRole) and the
     * caller's own policies. {@code session} and {@code boundary} are null when the caller has none.
     *
     * <p>Cross-account (the caller's account differs from {@code resourceAccountId}): the resource policy and the
     * caller's effective identity permissions (identity ∩ boundary ∩ session) must both allow.
     *
     * <p>Same account, per AWS's evaluation logic:
     * <ul>
     * <li>Principal names the caller itself (IAM user, role session ARN, federated user, service, or "*"): that
     *     Allow suffices; an implicit deny in a boundary or session policy does not limit it.
     * <li>Principal names the role behind the caller's session: the grant is added to the role's permissions,
     *     so a permissions boundary and session policies still have to allow.
     * <li>Principal names the account ("123456789012" or :root): the account delegates to its identity policies,
     *     so the caller also needs its own effective identity-policy Allow.
     * <li>Services, web-identity/SAML callers and anonymous callers have no identity policies: the resource
     *     policy alone decides for them.
     * <li>A role trust policy must always allow: for a {@link PolicyKind#TRUST} policy an identity Allow alone is
     *     not enough (AWS documents roles as an exception to "identity policy alone suffices").
     * </ul>
     */
    public static Decision evaluateWithResourcePolicy(RequestContext ctx, NamedPolicy resourcePolicy,
                                                      String resourceAccountId, List<NamedPolicy> identity,
                                                      List<NamedPolicy> session, NamedPolicy boundary) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(resourcePolicy, "resourcePolicy");
        Tally res = scan(ctx, List.of(resourcePolicy));
        Tally id = scan(ctx, identity);
        Tally sess = session == null ? null : scan(ctx, session);
        Tally bnd = boundary == null ? null : scan(ctx, List.of(boundary));
        Decision deny = explicitDeny(res, id, sess, bnd);
        if (deny != null) {
            return deny;
        }
        boolean identityEffective = identityAllows(ctx, id) && layerAllows(bnd) && layerAllows(sess);
        boolean sameAccount = resourceAccountId != null && resourceAccountId.equals(ctx.principal().accountId());
        boolean resourceMustAllow = resourcePolicy.policy().kind() == PolicyKind.TRUST;
        if (!hasIdentityPolicies(ctx.principal())) {
            // services, identity providers and anonymous callers have no IAM policies: the resource policy decides
            return decide(res.allowed(), res, null, null, null);
        }
        if (!sameAccount) {
            boolean ok = res.allowed() && identityEffective;
            return decide(ok, res, id, bnd, sess);
        }
        return switch (res.best) {
            case DIRECT -> decide(true, res, null, null, null);
            case ROLE -> decide(layerAllows(bnd) && layerAllows(sess), res, bnd, sess, null);
            case ACCOUNT -> decide(identityEffective, res, id, bnd, sess);
            case NONE -> decide(!resourceMustAllow && identityEffective, id, bnd, sess, null);
        };
    }

    /**
     * Whether the resource belongs to another account than the principal's. Unknown on either side (a service,
     * an anonymous caller, resource "*") is not cross-account here: it is the caller's business to state the
     * resource's account (aws:ResourceAccount) where the ARN does not carry one.
     */
    public static boolean crossAccount(RequestContext ctx) {
        String resourceAccount = ctx.resourceAccount();
        String principalAccount = ctx.principal().accountId();
        return resourceAccount != null && principalAccount != null && !resourceAccount.equals(principalAccount);
    }

    private static boolean hasIdentityPolicies(PrincipalInfo p) {
        return switch (p.type()) {
            case ROOT, USER, ASSUMED_ROLE -> true;
            case FEDERATED -> p.accountId() != null; // an STS federated user, not a web identity or SAML caller
            case SERVICE, ANONYMOUS -> false;
        };
    }

    private static boolean identityAllows(RequestContext ctx, Tally id) {
        return id.allowed() || ctx.principal().type() == PrincipalType.ROOT;
    }

    private static boolean layerAllows(Tally t) {
        return t == null || t.allowed();
    }

    private static Tally scan(RequestContext ctx, List<NamedPolicy> policies) {
        Tally t = new Tally();
        if (policies == null) {
            return t;
        }
        for (NamedPolicy np : policies) {
            for (Statement s : np.policy().statements()) {
                PrincipalMatch m = s.match(ctx);
                if (m == PrincipalMatch.NONE) {
                    continue;
                }
                DecidingStatement d = new DecidingStatement(np.name(), s.sid(), s.index(), s.effect());
                if (s.effect() == Effect.DENY) {
                    if (t.denies == null) {
                        t.denies = new ArrayList<>(2);
                    }
                    t.denies.add(d);
                } else {
                    if (t.allows == null) {
                        t.allows = new ArrayList<>(2);
                    }
                    t.allows.add(d);
                    t.best = t.best.max(m);
                }
            }
        }
        return t;
    }

    private static Decision explicitDeny(Tally... tallies) {
        List<DecidingStatement> denies = null;
        for (Tally t : tallies) {
            if (t != null && t.denies != null) {
                if (denies == null) {
                    denies = new ArrayList<>();
                }
                denies.addAll(t.denies);
            }
        }
        return denies == null ? null : new Decision(Outcome.EXPLICIT_DENY, denies);
    }

    /** The decision with the Allows of the given layers as its deciding statements. */
    private static Decision decide(boolean allowed, Tally a, Tally b, Tally c, Tally d) {
        List<DecidingStatement> out = new ArrayList<>();
        for (Tally t : new Tally[] {a, b, c, d}) {
            if (t != null && t.allows != null) {
                out.addAll(t.allows);
            }
        }
        return new Decision(allowed ? Outcome.ALLOW : Outcome.IMPLICIT_DENY, out);
    }
}

package dev.opensts.policy;

/**
 * A compiled statement. {@code principal} is null in identity-style policies (the principal is the identity the
 * policy is attached to); {@code resource} is null in trust policies (the resource is the role itself).
 */
record Statement(int index, String sid, Effect effect, PrincipalMatcher principal, ActionMatcher action,
                 ResourceMatcher resource, Condition[] conditions) {

    /** How this statement applies to the request: NONE when it does not. Cheapest checks first. */
    PrincipalMatch match(RequestContext ctx) {
        if (!action.matches(ctx)) {
            return PrincipalMatch.NONE;
        }
        if (resource != null && !resource.matches(ctx)) {
            return PrincipalMatch.NONE;
        }
        PrincipalMatch pm = principal == null ? PrincipalMatch.DIRECT : principal.match(ctx);
        if (pm == PrincipalMatch.NONE) {
            return pm;
        }
        for (Condition c : conditions) {
            if (!c.test(ctx)) {
                return PrincipalMatch.NONE;
            }
        }
        return pm;
    }
}

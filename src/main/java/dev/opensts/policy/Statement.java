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

    /**
     * The condition keys this statement tests that the request does not carry, given that its action and resource
     * apply (what the simulator reports as MissingContextValues). Keys tested only by Null are not missing: their
     * absence is what Null asks about. Not on the evaluation path.
     */
    void missingKeys(RequestContext ctx, java.util.function.Consumer<String> lowerKeys) {
        if (!action.matches(ctx) || (resource != null && !resource.matches(ctx))) {
            return;
        }
        for (Condition c : conditions) {
            if (c instanceof ValueCondition v && ctx.values(v.key()) == null) {
                lowerKeys.accept(v.key());
            }
        }
    }
}

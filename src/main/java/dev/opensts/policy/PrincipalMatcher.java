package dev.opensts.policy;

/**
 * Principal or NotPrincipal.
 *
 * <p>NotPrincipal follows AWS's documented evaluation: the caller is checked layer by layer (its account, then for
 * a role session the role, then the caller itself), so it is exempt only if every layer is named. That is why AWS
 * tells authors to list the account ARN (and the role ARN) next to a user or session in a NotPrincipal.
 */
record PrincipalMatcher(boolean negated, PrincipalEntry[] entries) {

    PrincipalMatch match(RequestContext ctx) {
        int covered = 0;
        for (PrincipalEntry e : entries) {
            covered |= e.covers(ctx);
        }
        if (negated) {
            int required = requiredLayers(ctx.principal());
            return (covered & required) == required ? PrincipalMatch.NONE : PrincipalMatch.DIRECT;
        }
        if ((covered & PrincipalEntry.SELF) != 0) {
            return PrincipalMatch.DIRECT;
        }
        if ((covered & PrincipalEntry.ROLE) != 0) {
            return PrincipalMatch.ROLE;
        }
        return (covered & PrincipalEntry.ACCOUNT) != 0 ? PrincipalMatch.ACCOUNT : PrincipalMatch.NONE;
    }

    private static int requiredLayers(PrincipalInfo p) {
        return switch (p.type()) {
            case ROOT, USER -> PrincipalEntry.ACCOUNT | PrincipalEntry.SELF;
            case ASSUMED_ROLE -> PrincipalEntry.ACCOUNT | PrincipalEntry.ROLE | PrincipalEntry.SELF;
            case FEDERATED -> p.accountId() != null ? PrincipalEntry.ACCOUNT | PrincipalEntry.SELF : PrincipalEntry.SELF;
            case SERVICE, ANONYMOUS -> PrincipalEntry.SELF;
        };
    }
}

package dev.opensts.policy;

import dev.opensts.arn.Arn;

/** Resource or NotResource: case-sensitive ARN patterns, segment-wise (see {@link ArnPattern}). */
record ResourceMatcher(boolean negated, ArnPattern[] patterns) {

    boolean matches(RequestContext ctx) {
        String resource = ctx.resource();
        Arn parts = ctx.resourceArn();
        for (ArnPattern p : patterns) {
            if (p.matches(resource, parts, ctx)) {
                return !negated;
            }
        }
        return negated;
    }
}

package dev.opensts.view;

import dev.opensts.policy.Policy;

import java.util.List;

/**
 * A principal's policies in compiled form. {@code trust} is a role's trust policy (null for
 * users); {@code inline} are its inline permission policies. A stored document that no longer
 * compiles (it passed validation at write, so only after an engine change) is replaced by a policy
 * that denies everything: leaving it out could drop a Deny and open access.
 */
public record CompiledPolicies(Policy trust, List<Named> inline) {
    public record Named(String name, Policy policy) {
    }
}

package dev.opensts.policy;

/** A compiled condition operator applied to one context value, in its positive sense (negation is applied outside). */
@FunctionalInterface
interface ValueTest {
    /** True when the context value matches at least one of the policy's values for the key. */
    boolean test(String contextValue, RequestContext ctx);
}

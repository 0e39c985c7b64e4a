package dev.opensts.policy;

/** One (operator, key) pair of a statement's Condition block; all of a statement's conditions must hold. */
sealed interface Condition permits ValueCondition, NullCondition {
    boolean test(RequestContext ctx);
}

package dev.opensts.policy;

/** The set operators for multi-valued context keys. */
enum SetQualifier {
    /** No qualifier: the condition holds if any context value matches (for negated operators: none matches). */
    NONE,
    /** Every context value must satisfy the operator; vacuously true when the key is missing or empty. */
    FOR_ALL_VALUES,
    /** At least one context value must satisfy the operator; false when the key is missing or empty. */
    FOR_ANY_VALUE
}

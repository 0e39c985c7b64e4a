package dev.opensts.policy;

/**
 * Where a policy document is used; decides whether Principal is allowed. Size limits are IAM quotas,
 * which a deployment may change: they are checked where documents are written (dev.opensts.iam.Quotas),
 * not here, so that a stored document compiles whatever the quotas are now.
 */
public enum PolicyKind {
    /** A role's trust policy, i.e. the resource policy of a role: every statement names a Principal. */
    TRUST,
    ROLE_INLINE,
    USER_INLINE,
    MANAGED,
    SESSION,
    BOUNDARY,
    /**
     * A resource-based policy given to the policy simulator (ResourcePolicy): names principals like a trust policy,
     * and may name resources (without a Resource element it applies to the resource it is attached to).
     */
    RESOURCE;

    /** Only resource policies name principals; identity-style policies apply to the identity they are attached to. */
    public boolean isResourcePolicy() {
        return this == TRUST || this == RESOURCE;
    }
}

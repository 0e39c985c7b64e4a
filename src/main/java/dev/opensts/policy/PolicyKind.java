package dev.opensts.policy;

/**
 * Where a policy document is used; decides its size limit and whether Principal is allowed.
 * Limits are AWS's IAM quotas and count characters excluding whitespace.
 */
public enum PolicyKind {
    /** A role's trust policy, i.e. the resource policy of a role: every statement names a Principal. */
    TRUST(2048),
    ROLE_INLINE(10240),
    USER_INLINE(2048),
    MANAGED(6144),
    SESSION(2048),
    BOUNDARY(6144);

    private final int maxChars;

    PolicyKind(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Maximum document length in non-whitespace characters. */
    public int maxChars() {
        return maxChars;
    }

    /** Only resource policies name principals; identity-style policies apply to the identity they are attached to. */
    public boolean isResourcePolicy() {
        return this == TRUST;
    }
}

package dev.opensts.policy;

/**
 * How a Principal element matched the caller, weakest first. The strength matters for resource policies:
 * AWS treats a grant to the account as delegation to the account's identity policies, a grant to a role's ARN as
 * added to the role's permissions before session and boundary limits apply, and a grant naming the caller itself
 * (user, role session, federated user, service, or everyone) as sufficient on its own within the account.
 */
enum PrincipalMatch {
    NONE,
    ACCOUNT,
    ROLE,
    DIRECT;

    PrincipalMatch max(PrincipalMatch other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}

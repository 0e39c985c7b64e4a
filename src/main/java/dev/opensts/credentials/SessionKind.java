package dev.opensts.credentials;

/** What created a temporary credential. */
public enum SessionKind {
    /** AssumeRole (possibly chained from another role session). */
    ASSUMED_ROLE,
    /** GetSessionToken called with an IAM user's long-term key. */
    USER_SESSION,
    /** GetSessionToken called with an account root's long-term key. */
    ROOT_SESSION,
    /**
     * GetFederationToken called with an IAM user's or an account root's long-term key: a federated user
     * ({@code arn:aws:sts::ACCT:federated-user/NAME}) whose permissions are its issuer's within its session policies.
     */
    FEDERATED_USER
}

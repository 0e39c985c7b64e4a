package dev.opensts.credentials;

/** What created a temporary credential. */
public enum SessionKind {
    /** AssumeRole (possibly chained from another role session). */
    ASSUMED_ROLE,
    /** GetSessionToken called with an IAM user's long-term key. */
    USER_SESSION,
    /** GetSessionToken called with an account root's long-term key. */
    ROOT_SESSION
}

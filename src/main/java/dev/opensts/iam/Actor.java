package dev.opensts.iam;

/**
 * Who caused an event: the authenticated principal of the request that produced it, as CloudTrail's
 * {@code userIdentity} names it. Never a secret: the access key id names the credentials, not their secret.
 *
 * @param type        {@code Root}, {@code IAMUser}, {@code AssumedRole} for a principal of an account;
 *                    {@link #ADMIN} for the operator's admin API; {@link #SERVICE} for open-sts itself (the
 *                    re-seal at start)
 * @param arn         the principal's ARN (for a role session its session ARN); null for the operator and the service
 * @param accessKeyId the access key id the request was signed with (AKIA... or ASIA...); null when none
 * @param accountId   the principal's account; null for the operator and the service
 */
public record Actor(String type, String arn, String accessKeyId, String accountId) {
    public static final String ADMIN = "OpenStsAdmin";
    public static final String SERVICE = "OpenStsService";

    public Actor {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("an actor has a type");
        }
    }

    /** The operator, authenticated by the admin API's bearer token: no key, no account. */
    public static Actor admin() {
        return new Actor(ADMIN, null, null, null);
    }

    /** open-sts itself, acting on no request's behalf (e.g. re-sealing stored secrets at start). */
    public static Actor service() {
        return new Actor(SERVICE, null, null, null);
    }
}

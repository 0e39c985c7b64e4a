package dev.opensts.app;

import dev.opensts.credentials.SessionClaims;
import dev.opensts.iam.Actor;
import dev.opensts.policy.PrincipalType;

/**
 * The authenticated principal of a request: an account's root (type ROOT), an IAM user (userName
 * set), or the holder of temporary credentials ({@code session} set: an assumed-role session, or an
 * IAM user's or root's GetSessionToken session, whose type stays USER or ROOT).
 *
 * @param requestedRegion the region the request was signed for (aws:RequestedRegion); null when unknown
 * @param tls             the TLS connection it came over; null over plain HTTP
 */
public record Caller(String accountId, String arn, PrincipalType type, String userId, String userName,
                     String accessKeyId, String sourceIp, boolean secureTransport, String userAgent,
                     SessionClaims session, String requestedRegion, Tls tls) {
    /** A caller whose connection's TLS details are not known. */
    public Caller(String accountId, String arn, PrincipalType type, String userId, String userName,
                  String accessKeyId, String sourceIp, boolean secureTransport, String userAgent,
                  SessionClaims session, String requestedRegion) {
        this(accountId, arn, type, userId, userName, accessKeyId, sourceIp, secureTransport, userAgent, session,
                requestedRegion, null);
    }

    public boolean isRoot() {
        return type == PrincipalType.ROOT;
    }

    public boolean hasTemporaryCredentials() {
        return session != null;
    }

    /**
     * The value of aws:PrincipalArn: for a role session its role's ARN, path included (the session ARN has no
     * path); for everyone else the caller's own ARN.
     */
    public String principalArn() {
        return type == PrincipalType.ASSUMED_ROLE && session != null && session.roleArn() != null
                ? session.roleArn() : arn;
    }

    /**
     * Who this caller is in the events its requests cause: CloudTrail's identity type ({@code Root},
     * {@code IAMUser}, {@code AssumedRole}), its ARN (a role session's session ARN), the access key id it signed
     * with, and its account.
     */
    public Actor actor() {
        String t = switch (type) {
            case ROOT -> "Root";
            case USER -> "IAMUser";
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED -> session != null ? "FederatedUser" : "WebIdentityUser";
            case SERVICE -> "AWSService";
            case ANONYMOUS -> "Unknown";
        };
        return new Actor(t, arn, accessKeyId, accountId);
    }
}

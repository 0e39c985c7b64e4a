package dev.opensts.control;

import dev.opensts.credentials.SessionClaims;
import dev.opensts.policy.PrincipalType;

/**
 * The authenticated principal of a request: an account's root (type ROOT), an IAM user (userName
 * set), or the holder of temporary credentials ({@code session} set: an assumed-role session, or an
 * IAM user's or root's GetSessionToken session, whose type stays USER or ROOT).
 */
public record Caller(String accountId, String arn, PrincipalType type, String userId, String userName,
                     String accessKeyId, String sourceIp, boolean secureTransport, String userAgent,
                     SessionClaims session) {
    public boolean isRoot() {
        return type == PrincipalType.ROOT;
    }

    public boolean hasTemporaryCredentials() {
        return session != null;
    }
}

package dev.opensts.control;

import dev.opensts.policy.PrincipalType;

/**
 * The authenticated principal of a request. For an IAM user, {@code userName} is set; for an
 * account's root, the type is ROOT.
 */
public record Caller(String accountId, String arn, PrincipalType type, String userId, String userName,
                     String accessKeyId, String sourceIp, boolean secureTransport, String userAgent) {
    public boolean isRoot() {
        return type == PrincipalType.ROOT;
    }
}

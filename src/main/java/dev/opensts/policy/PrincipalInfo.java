package dev.opensts.policy;

import java.util.Map;
import java.util.Objects;

/**
 * Who makes the request.
 *
 * @param arn       the principal's ARN: {@code arn:aws:iam::111122223333:user/path/Alice},
 *                  {@code arn:aws:sts::111122223333:assumed-role/RoleName/session},
 *                  {@code arn:aws:iam::111122223333:root}, {@code arn:aws:sts::111122223333:federated-user/Bob};
 *                  for {@link PrincipalType#SERVICE} the service name ({@code ec2.amazonaws.com}); for a web identity or
 *                  SAML caller ({@link PrincipalType#FEDERATED} without an sts ARN) the provider name or ARN
 * @param principalArn the value of aws:PrincipalArn, exactly as AWS documents it: the user's ARN (with its path),
 *                  the account's root ARN, for a role session the role's ARN with its path (which the session ARN
 *                  does not carry, so it cannot be derived from {@code arn}), the federated user's ARN; null where
 *                  AWS puts no value (services, anonymous callers)
 * @param accountId the 12-digit account of the principal; null for services and anonymous callers
 * @param userId    aws:userid (e.g. {@code AIDA...} or {@code AROA...:session}); for a canonical-user caller its canonical id
 * @param userName  aws:username (IAM users only), nullable
 * @param tags      principal tags, aws:PrincipalTag/key
 */
public record PrincipalInfo(String arn, String principalArn, String accountId, PrincipalType type, String userId,
                            String userName, Map<String, String> tags) {
    public PrincipalInfo {
        Objects.requireNonNull(type, "type");
        if (type == PrincipalType.ASSUMED_ROLE && principalArn == null) {
            throw new IllegalArgumentException("a role session's aws:PrincipalArn is its role's ARN, with the role's "
                    + "path: it must be given");
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /**
     * A principal whose aws:PrincipalArn is its own ARN (root, IAM user, federated user) or that has none
     * (service, anonymous). Role sessions need the full constructor: their role's path is not in their ARN.
     */
    public PrincipalInfo(String arn, String accountId, PrincipalType type, String userId, String userName,
                         Map<String, String> tags) {
        this(arn, ownArn(arn, accountId, type), accountId, type, userId, userName, tags);
    }

    private static String ownArn(String arn, String accountId, PrincipalType type) {
        return switch (type) {
            case ROOT, USER, ASSUMED_ROLE -> arn;
            case FEDERATED -> accountId == null ? null : arn; // a web identity or SAML caller has no IAM ARN
            case SERVICE, ANONYMOUS -> null;
        };
    }

    /** The anonymous (unauthenticated) caller. */
    public static PrincipalInfo anonymous() {
        return new PrincipalInfo(null, null, PrincipalType.ANONYMOUS, null, null, Map.of());
    }
}

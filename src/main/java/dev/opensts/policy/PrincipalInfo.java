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
 * @param accountId the 12-digit account of the principal; null for services and anonymous callers
 * @param userId    aws:userid (e.g. {@code AIDA...} or {@code AROA...:session}); for a canonical-user caller its canonical id
 * @param userName  aws:username (IAM users only), nullable
 * @param tags      principal tags, aws:PrincipalTag/key
 */
public record PrincipalInfo(String arn, String accountId, PrincipalType type, String userId, String userName,
                            Map<String, String> tags) {
    public PrincipalInfo {
        Objects.requireNonNull(type, "type");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The anonymous (unauthenticated) caller. */
    public static PrincipalInfo anonymous() {
        return new PrincipalInfo(null, null, PrincipalType.ANONYMOUS, null, null, Map.of());
    }
}

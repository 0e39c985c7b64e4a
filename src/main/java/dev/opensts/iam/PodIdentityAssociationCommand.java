package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/**
 * What a caller asks of an EKS Pod Identity association. The aggregate is the association of one service account
 * of one namespace of one cluster of an account ({@link StreamIds#podIdentityAssociation}); a command other than
 * create names the association it addresses by its id as well, which must be the one that exists there.
 */
public sealed interface PodIdentityAssociationCommand {
    String accountId();

    String clusterName();

    String namespace();

    String serviceAccount();

    /**
     * @param region             the region the association's ARN names (the one the request was signed for)
     * @param associationId      a fresh id, {@code a-} and 17 lower-case letters and digits
     * @param clientRequestToken the caller's idempotency token, or null: a create repeated with the same token and
     *                           the same role and tags changes nothing and answers the association it created
     */
    record CreatePodIdentityAssociation(String accountId, String region, String clusterName, String namespace,
                                        String serviceAccount, String associationId, String roleArn, List<Tag> tags,
                                        String clientRequestToken, Instant at)
            implements PodIdentityAssociationCommand {
    }

    /** roleArn: the role that replaces the association's, or null to change nothing. */
    record UpdatePodIdentityAssociation(String accountId, String clusterName, String namespace, String serviceAccount,
                                        String associationId, String roleArn, Instant at)
            implements PodIdentityAssociationCommand {
    }

    record DeletePodIdentityAssociation(String accountId, String clusterName, String namespace, String serviceAccount,
                                        String associationId) implements PodIdentityAssociationCommand {
    }
}

package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/**
 * Events of an EKS Pod Identity association (stream: the account, cluster, namespace and service account it binds,
 * {@link StreamIds#podIdentityAssociation}). Every event names the association's id too.
 */
public sealed interface PodIdentityAssociationEvent extends IamEvent {
    String clusterName();

    String namespace();

    String serviceAccount();

    String associationId();

    @Override
    default String streamId() {
        return StreamIds.podIdentityAssociation(accountId(), clusterName(), namespace(), serviceAccount());
    }

    /** clientRequestToken: the creator's idempotency token, or null. */
    record PodIdentityAssociationCreated(String accountId, String clusterName, String namespace,
                                         String serviceAccount, String associationId, String region, String roleArn,
                                         List<Tag> tags, String clientRequestToken, Instant createdAt)
            implements PodIdentityAssociationEvent {
    }

    /** The association's role replaced by this one. */
    record PodIdentityAssociationUpdated(String accountId, String clusterName, String namespace,
                                         String serviceAccount, String associationId, String roleArn,
                                         Instant modifiedAt) implements PodIdentityAssociationEvent {
    }

    record PodIdentityAssociationDeleted(String accountId, String clusterName, String namespace,
                                         String serviceAccount, String associationId)
            implements PodIdentityAssociationEvent {
    }
}

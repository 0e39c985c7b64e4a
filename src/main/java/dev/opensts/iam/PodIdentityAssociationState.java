package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.List;

/**
 * An EKS Pod Identity association: the IAM role (of the association's own account) whose credentials the pods of
 * one service account of one namespace of one cluster receive. A cluster, in open-sts, is an OpenID Connect provider
 * of the account tagged with the cluster's name (docs/workload-identity.md).
 *
 * @param region             the region its ARN names: the one it was created through
 * @param clientRequestToken the creator's idempotency token, or null
 * @param modifiedAt         the last change: its creation, or the last update of its role
 */
public record PodIdentityAssociationState(String accountId, String region, String clusterName, String namespace,
                                          String serviceAccount, String associationId, String roleArn,
                                          List<Tag> tags, String clientRequestToken, Instant createdAt,
                                          Instant modifiedAt) implements AggregateState {

    /** {@code arn:aws:eks:REGION:ACCOUNT:podidentityassociation/CLUSTER/ASSOCIATION-ID}. */
    public String arn() {
        return Arn.eksPodIdentityAssociation(region, accountId, clusterName, associationId).toString();
    }
}

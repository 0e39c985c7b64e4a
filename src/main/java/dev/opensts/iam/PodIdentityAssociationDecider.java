package dev.opensts.iam;

import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.PodIdentityAssociationCommand.CreatePodIdentityAssociation;
import dev.opensts.iam.PodIdentityAssociationCommand.DeletePodIdentityAssociation;
import dev.opensts.iam.PodIdentityAssociationCommand.UpdatePodIdentityAssociation;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationCreated;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationDeleted;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationUpdated;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The EKS Pod Identity association aggregate: decide(command, state) and evolve(state, event), both pure. EKS's
 * rules: one association per service account of a namespace of a cluster (a second is ResourceInUseException), a
 * role of the association's own account (InvalidParameterException otherwise), at most 50 tags of keys of 1 to 128
 * and values of at most 256 characters, none under the reserved {@code aws:} prefix. Updating to the role it has, or
 * repeating a create with its idempotency token, changes nothing.
 */
public final class PodIdentityAssociationDecider {
    /** EKS's quota of Pod Identity associations per cluster. */
    public static final int MAX_PER_CLUSTER = 5000;
    /** The model's TagMap: at most 50 tags. */
    public static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;
    /** Idempotency tokens are the caller's: the SDKs send a UUID (36 characters). */
    static final int MAX_CLIENT_REQUEST_TOKEN = 64;

    private PodIdentityAssociationDecider() {
    }

    /** @param state the association of the command's service account, or null when it has none */
    public static List<PodIdentityAssociationEvent> decide(PodIdentityAssociationCommand command,
                                                           PodIdentityAssociationState state) {
        return switch (command) {
            case CreatePodIdentityAssociation c -> {
                requireNames(c.clusterName(), c.namespace(), c.serviceAccount());
                requireRole(c.accountId(), c.roleArn());
                List<Tag> tags = tags(c.tags());
                if (c.clientRequestToken() != null && (c.clientRequestToken().isEmpty()
                        || c.clientRequestToken().length() > MAX_CLIENT_REQUEST_TOKEN)) {
                    throw invalid("clientRequestToken must be 1 to " + MAX_CLIENT_REQUEST_TOKEN + " characters.");
                }
                if (!EksNames.isAssociationId(c.associationId())) {
                    throw new IllegalArgumentException("not an association id: " + c.associationId());
                }
                if (state != null) {
                    if (isRetry(c, tags, state)) {
                        yield List.of();
                    }
                    throw AwsException.of(ErrorCode.ResourceInUseException, "Association already exists: %s",
                            state.arn());
                }
                yield List.of(new PodIdentityAssociationCreated(c.accountId(), c.clusterName(), c.namespace(),
                        c.serviceAccount(), c.associationId(), c.region(), c.roleArn(), tags, c.clientRequestToken(),
                        c.at()));
            }
            case UpdatePodIdentityAssociation c -> {
                requireFound(state, c.clusterName(), c.associationId());
                if (c.roleArn() == null) {
                    yield List.of();
                }
                requireRole(c.accountId(), c.roleArn());
                yield c.roleArn().equals(state.roleArn()) ? List.of()
                        : List.of(new PodIdentityAssociationUpdated(c.accountId(), state.clusterName(),
                        state.namespace(), state.serviceAccount(), state.associationId(), c.roleArn(), c.at()));
            }
            case DeletePodIdentityAssociation c -> {
                requireFound(state, c.clusterName(), c.associationId());
                yield List.of(new PodIdentityAssociationDeleted(c.accountId(), state.clusterName(),
                        state.namespace(), state.serviceAccount(), state.associationId()));
            }
        };
    }

    /** @return the association after the event; null once deleted */
    public static PodIdentityAssociationState evolve(PodIdentityAssociationState s, PodIdentityAssociationEvent event) {
        return switch (event) {
            case PodIdentityAssociationCreated e -> new PodIdentityAssociationState(e.accountId(), e.region(),
                    e.clusterName(), e.namespace(), e.serviceAccount(), e.associationId(), e.roleArn(),
                    List.copyOf(e.tags()), e.clientRequestToken(), e.createdAt(), e.createdAt());
            case PodIdentityAssociationUpdated e -> new PodIdentityAssociationState(s.accountId(), s.region(),
                    s.clusterName(), s.namespace(), s.serviceAccount(), s.associationId(), e.roleArn(), s.tags(),
                    s.clientRequestToken(), s.createdAt(), e.modifiedAt());
            case PodIdentityAssociationDeleted e -> null;
        };
    }

    /** EKS's answer for an association id that is not one of the cluster's. */
    public static AwsException notFound(String clusterName, String associationId) {
        return AwsException.of(ErrorCode.ResourceNotFoundException,
                "No Pod Identity association found with id %s in cluster %s.", associationId, clusterName);
    }

    /** The names of a service account's association, checked (InvalidParameterException). */
    public static void requireNames(String clusterName, String namespace, String serviceAccount) {
        if (!EksNames.isClusterName(clusterName)) {
            throw invalid("clusterName must be 1 to " + EksNames.MAX_CLUSTER_NAME + " letters, digits, hyphens and "
                    + "underscores, starting with a letter or digit.");
        }
        if (!EksNames.isNamespace(namespace)) {
            throw invalid("namespace must be a Kubernetes namespace name: at most 63 lower-case letters, digits and "
                    + "hyphens, starting and ending with a letter or digit.");
        }
        if (!EksNames.isServiceAccount(serviceAccount)) {
            throw invalid("serviceAccount must be a Kubernetes service account name: at most 253 lower-case "
                    + "letters, digits, hyphens and dots (DNS-1123 subdomain).");
        }
    }

    private static void requireFound(PodIdentityAssociationState state, String clusterName, String associationId) {
        if (state == null || !state.associationId().equals(associationId)) {
            throw notFound(clusterName, associationId);
        }
    }

    /** A role ARN of the account's (InvalidParameterException): whether the role exists is the caller's to check. */
    public static void requireRole(String accountId, String roleArn) {
        Arn arn = Arn.parseIamRole(roleArn);
        if (arn == null || !arn.account().equals(accountId)) {
            throw invalid("roleArn " + roleArn + " is not the ARN of an IAM role of account " + accountId + ".");
        }
    }

    /** A create repeated with the idempotency token of the association it created, asking for the same. */
    private static boolean isRetry(CreatePodIdentityAssociation c, List<Tag> tags, PodIdentityAssociationState s) {
        return c.clientRequestToken() != null && c.clientRequestToken().equals(s.clientRequestToken())
                && c.roleArn().equals(s.roleArn()) && asMap(tags).equals(asMap(s.tags()));
    }

    private static List<Tag> tags(List<Tag> given) {
        List<Tag> tags = given == null ? List.of() : List.copyOf(given);
        if (tags.size() > MAX_TAGS) {
            throw invalid("An association can have at most " + MAX_TAGS + " tags.");
        }
        var keys = new HashSet<String>();
        for (Tag t : tags) {
            if (t.key() == null || t.key().isEmpty() || t.key().length() > MAX_TAG_KEY) {
                throw invalid("A tag key must be 1 to " + MAX_TAG_KEY + " characters.");
            }
            if (t.value() == null || t.value().length() > MAX_TAG_VALUE) {
                throw invalid("A tag value must be at most " + MAX_TAG_VALUE + " characters.");
            }
            if (t.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw invalid("The tag key " + t.key() + " is not valid: the prefix 'aws:' is reserved for AWS use.");
            }
            if (!keys.add(t.key())) {
                throw invalid("Duplicate tag key " + t.key() + ".");
            }
        }
        return tags;
    }

    private static Map<String, String> asMap(List<Tag> tags) {
        var map = new HashMap<String, String>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidParameterException, message);
    }
}

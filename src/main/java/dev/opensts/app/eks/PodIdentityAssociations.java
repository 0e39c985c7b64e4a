package dev.opensts.app.eks;

import dev.opensts.app.Caller;
import dev.opensts.app.iam.IamContext;
import dev.opensts.app.iam.IamRequestKeys;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.EksNames;
import dev.opensts.iam.PodIdentityAssociationCommand;
import dev.opensts.iam.PodIdentityAssociationDecider;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import io.smallrye.mutiny.Uni;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EKS Pod Identity association use cases (CreatePodIdentityAssociation and its family). Create and List are
 * authorized with their {@code eks:} action on the cluster's ARN ({@code arn:aws:eks:REGION:ACCOUNT:cluster/NAME},
 * the region the request was signed for), the others on the association's ARN as it is stored, with its tags as
 * {@code aws:ResourceTag/*}; Create with the tags it sets as {@code aws:RequestTag/*} and {@code aws:TagKeys}. Every
 * name is checked before anything is authorized. Associations belong to the caller's account: another account's
 * are not found. An association lives on when its cluster's provider is deleted or untagged (it then gives no
 * credentials): it can still be listed, described, updated and deleted.
 */
public final class PodIdentityAssociations {
    /** ListPodIdentityAssociations' maxResults: 1 to 100 (the model), 100 when absent. */
    public static final int MAX_RESULTS = 100;
    private static final String DEFAULT_REGION = "us-east-1";

    /** CreatePodIdentityAssociation's parameters; the last three are EKS's that open-sts refuses when set. */
    public record NewAssociation(String clusterName, String namespace, String serviceAccount, String roleArn,
                                 List<Tag> tags, String clientRequestToken, String targetRoleArn, String policy,
                                 Boolean disableSessionTags) {
    }

    /** UpdatePodIdentityAssociation's parameters: the role (null changes nothing), and EKS's that are refused. */
    public record Change(String roleArn, String targetRoleArn, String policy, Boolean disableSessionTags) {
    }

    /** ListPodIdentityAssociations' parameters: filters (null for none), the page size and where to go on. */
    public record Listing(String clusterName, String namespace, String serviceAccount, Integer maxResults,
                          String nextToken) {
    }

    /** One page of associations, in namespace then service account order; nextToken null on the last page. */
    public record Page(List<PodIdentityAssociationState> associations, String nextToken) {
    }

    private final IamContext iam;
    private final Clusters clusters;

    public PodIdentityAssociations(IamContext iam, Clusters clusters) {
        this.iam = iam;
        this.clusters = clusters;
    }

    public Uni<PodIdentityAssociationState> create(Caller c, NewAssociation a, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            PodIdentityAssociationDecider.requireNames(a.clusterName(), a.namespace(), a.serviceAccount());
            refuseUnsupported(a.targetRoleArn(), a.policy(), a.disableSessionTags());
            List<Tag> tags = a.tags() == null ? List.of() : a.tags();
            iam.authorizer().require(c, "eks:CreatePodIdentityAssociation", clusterArn(c, a.clusterName()),
                    IamRequestKeys.tags(tags));
            clusters.require(account, a.clusterName());
            requireExistingRole(account, a.roleArn());
            var command = new PodIdentityAssociationCommand.CreatePodIdentityAssociation(account, region(c),
                    a.clusterName(), a.namespace(), a.serviceAccount(), iam.ids().associationId(), a.roleArn(), tags,
                    a.clientRequestToken(), iam.clock().instant());
            String streamId = StreamIds.podIdentityAssociation(account, a.clusterName(), a.namespace(),
                    a.serviceAccount());
            return iam.bus().<PodIdentityAssociationState>execute(streamId, s -> {
                if (s == null && iam.view().countPodIdentityAssociations(account, a.clusterName())
                        >= PodIdentityAssociationDecider.MAX_PER_CLUSTER) {
                    throw AwsException.of(ErrorCode.ResourceLimitExceededException, "Cannot exceed quota for Pod "
                            + "Identity associations per cluster: %d", PodIdentityAssociationDecider.MAX_PER_CLUSTER);
                }
                return PodIdentityAssociationDecider.decide(command, s);
            }, c.actor(), requestId).map(x -> iam.view().podIdentityAssociation(account, a.clusterName(), a.namespace(),
                    a.serviceAccount()));
        });
    }

    public Uni<PodIdentityAssociationState> describe(Caller c, String clusterName, String associationId) {
        return Uni.createFrom().item(() -> existing(c, "eks:DescribePodIdentityAssociation", clusterName,
                associationId));
    }

    /** The association with its new role (unchanged when the request changes nothing). */
    public Uni<PodIdentityAssociationState> update(Caller c, String clusterName, String associationId, Change change,
                                                   String requestId) {
        return Uni.createFrom().deferred(() -> {
            requireIds(clusterName, associationId);
            refuseUnsupported(change.targetRoleArn(), change.policy(), change.disableSessionTags());
            PodIdentityAssociationState a = existing(c, "eks:UpdatePodIdentityAssociation", clusterName,
                    associationId);
            if (change.roleArn() != null) {
                requireExistingRole(c.accountId(), change.roleArn());
            }
            var command = new PodIdentityAssociationCommand.UpdatePodIdentityAssociation(c.accountId(), clusterName,
                    a.namespace(), a.serviceAccount(), associationId, change.roleArn(), iam.clock().instant());
            return iam.bus().<PodIdentityAssociationState>execute(streamIdOf(a),
                            s -> PodIdentityAssociationDecider.decide(command, s), c.actor(), requestId)
                    .map(x -> iam.view().podIdentityAssociationById(c.accountId(), associationId));
        });
    }

    /** The association as it was before it was deleted (EKS's answer). */
    public Uni<PodIdentityAssociationState> delete(Caller c, String clusterName, String associationId,
                                                   String requestId) {
        return Uni.createFrom().deferred(() -> {
            PodIdentityAssociationState a = existing(c, "eks:DeletePodIdentityAssociation", clusterName,
                    associationId);
            var command = new PodIdentityAssociationCommand.DeletePodIdentityAssociation(c.accountId(), clusterName,
                    a.namespace(), a.serviceAccount(), associationId);
            return iam.bus().<PodIdentityAssociationState>execute(streamIdOf(a),
                    s -> PodIdentityAssociationDecider.decide(command, s), c.actor(), requestId).map(x -> a);
        });
    }

    public Uni<Page> list(Caller c, Listing l) {
        return Uni.createFrom().item(() -> {
            requireCluster(l.clusterName());
            int max = l.maxResults() == null ? MAX_RESULTS : l.maxResults();
            if (max < 1 || max > MAX_RESULTS) {
                throw invalid("maxResults must be between 1 and " + MAX_RESULTS + ".");
            }
            String after = l.nextToken() == null ? null : keyOf(l.nextToken());
            iam.authorizer().require(c, "eks:ListPodIdentityAssociations", clusterArn(c, l.clusterName()));
            List<PodIdentityAssociationState> all = iam.view().podIdentityAssociations(c.accountId(),
                    l.clusterName());
            if (all.isEmpty()) {
                clusters.require(c.accountId(), l.clusterName()); // a cluster with none, or none at all
            }
            var page = new ArrayList<PodIdentityAssociationState>();
            for (PodIdentityAssociationState a : all) {
                if ((after != null && key(a).compareTo(after) <= 0)
                        || (l.namespace() != null && !l.namespace().equals(a.namespace()))
                        || (l.serviceAccount() != null && !l.serviceAccount().equals(a.serviceAccount()))) {
                    continue;
                }
                if (page.size() == max) {
                    return new Page(List.copyOf(page), tokenOf(key(page.get(max - 1))));
                }
                page.add(a);
            }
            return new Page(List.copyOf(page), null);
        });
    }

    /**
     * The caller's association of that id in that cluster, authorized with the action on its ARN as stored (on the
     * ARN the request names when there is none, so that a caller without the permission learns nothing), or
     * ResourceNotFoundException.
     */
    private PodIdentityAssociationState existing(Caller c, String action, String clusterName, String associationId) {
        requireIds(clusterName, associationId);
        PodIdentityAssociationState a = iam.view().podIdentityAssociationById(c.accountId(), associationId);
        if (a != null && !a.clusterName().equals(clusterName)) {
            a = null;
        }
        String arn = a != null ? a.arn()
                : Arn.eksPodIdentityAssociation(region(c), c.accountId(), clusterName, associationId).toString();
        iam.authorizer().require(c, action, arn, a == null ? Map.of() : resourceTags(a.tags()));
        if (a == null) {
            throw PodIdentityAssociationDecider.notFound(clusterName, associationId);
        }
        return a;
    }

    /** aws:ResourceTag/KEY of an association (Contexts knows IAM entities' only). */
    private static Map<String, List<String>> resourceTags(List<Tag> tags) {
        var keys = new LinkedHashMap<String, List<String>>();
        tags.forEach(t -> keys.put("aws:ResourceTag/" + t.key(), List.of(t.value())));
        return keys;
    }

    private void requireExistingRole(String account, String roleArn) {
        PodIdentityAssociationDecider.requireRole(account, roleArn);
        RoleState role = iam.view().role(account, Arn.parse(roleArn).name());
        if (role == null || !role.arn().equals(roleArn)) {
            throw invalid("The role " + roleArn + " does not exist.");
        }
    }

    private static void requireIds(String clusterName, String associationId) {
        requireCluster(clusterName);
        if (!EksNames.isAssociationId(associationId)) {
            throw invalid("associationId must be a- and 17 lower-case letters and digits.");
        }
    }

    private static void requireCluster(String clusterName) {
        if (!EksNames.isClusterName(clusterName)) {
            throw invalid("clusterName must be 1 to " + EksNames.MAX_CLUSTER_NAME + " letters, digits, hyphens and "
                    + "underscores, starting with a letter or digit.");
        }
    }

    /**
     * EKS's parameters open-sts does not offer: a role to chain to in another account, a session policy, and
     * credentials without session tags (whether a session carries the pod's tags is its trust policy's to say).
     */
    private static void refuseUnsupported(String targetRoleArn, String policy, Boolean disableSessionTags) {
        if (targetRoleArn != null) {
            throw invalid("targetRoleArn is not supported by open-sts: associate a role of the cluster's account.");
        }
        if (policy != null) {
            throw invalid("policy is not supported by open-sts: scope the role's own policies instead.");
        }
        if (Boolean.TRUE.equals(disableSessionTags)) {
            throw invalid("disableSessionTags is not supported by open-sts: a session carries the pod's tags when "
                    + "the role's trust policy allows sts:TagSession.");
        }
    }

    private static String clusterArn(Caller c, String clusterName) {
        return Arn.eksCluster(region(c), c.accountId(), clusterName).toString();
    }

    private static String region(Caller c) {
        return c.requestedRegion() == null ? DEFAULT_REGION : c.requestedRegion();
    }

    private static String streamIdOf(PodIdentityAssociationState a) {
        return StreamIds.podIdentityAssociation(a.accountId(), a.clusterName(), a.namespace(), a.serviceAccount());
    }

    /** An association's place in its cluster's order: its namespace and service account. */
    private static String key(PodIdentityAssociationState a) {
        return a.namespace() + "/" + a.serviceAccount();
    }

    /** nextToken: the last key of a page, base64url (opaque to callers, as EKS's tokens are). */
    private static String tokenOf(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String keyOf(String token) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int slash = key.indexOf('/');
            if (slash > 0 && EksNames.isNamespace(key.substring(0, slash))
                    && EksNames.isServiceAccount(key.substring(slash + 1))) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // not base64url: refused below
        }
        throw invalid("The nextToken is not one this listing gave.");
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidParameterException, message);
    }
}

package dev.opensts.app.eks;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.Tag;
import dev.opensts.view.LiveView;

import java.util.List;

/**
 * The clusters of an account, an open-sts extension: EKS knows its clusters; open-sts knows OpenID Connect
 * providers. A cluster is the account's provider that carries the tag {@value #NAME_TAG} with the cluster's name as
 * its value (the key in any case, as IAM compares tag keys; the value exactly): its issuer is the one whose
 * service-account tokens the cluster's pods present.
 */
public final class Clusters {
    /** The IAM tag that names a provider's cluster. */
    public static final String NAME_TAG = "opensts:eks-cluster-name";

    private final LiveView view;

    public Clusters(LiveView view) {
        this.view = view;
    }

    /** The providers of the account that carry the cluster's name: one, or none when it has no such cluster. */
    public List<OidcProviderState> providersOf(String accountId, String clusterName) {
        return view.oidcProviders(accountId).stream().filter(p -> names(p, clusterName)).toList();
    }

    /**
     * The provider of the cluster: ResourceNotFoundException (EKS's answer) when the account has none, and
     * InvalidRequestException when more than one provider carries the name (which of their issuers vouches for the
     * cluster's pods would be a guess).
     */
    public OidcProviderState require(String accountId, String clusterName) {
        List<OidcProviderState> providers = providersOf(accountId, clusterName);
        if (providers.isEmpty()) {
            throw notFound(clusterName);
        }
        if (providers.size() > 1) {
            throw new AwsException(ErrorCode.InvalidRequestException, providers.size() + " OpenID Connect providers "
                    + "of the account carry the tag " + NAME_TAG + "=" + clusterName + ": a cluster is one provider. "
                    + "Untag all but the cluster's issuer.");
        }
        return providers.get(0);
    }

    static AwsException notFound(String clusterName) {
        return new AwsException(ErrorCode.ResourceNotFoundException, "No cluster found for name: " + clusterName
                + ".");
    }

    private static boolean names(OidcProviderState p, String clusterName) {
        for (Tag t : p.tags()) {
            if (t.key().equalsIgnoreCase(NAME_TAG) && t.value().equals(clusterName)) {
                return true;
            }
        }
        return false;
    }
}

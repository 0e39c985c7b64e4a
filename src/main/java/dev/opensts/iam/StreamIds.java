package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.util.Locale;

/**
 * Kafka keys of the IAM aggregates: the entity's ARN without its path and with the name folded to
 * lower case. IAM names are unique per account regardless of case and path, so two writers that
 * race to create "Admin" and "admin" meet on one key, one partition and one version sequence.
 */
public final class StreamIds {
    /** The resource type of a Pod Identity association's stream id (the aggregate's kind). */
    public static final String POD_IDENTITY_ASSOCIATION = "podidentityassociation";

    private StreamIds() {
    }

    public static String account(String accountId) {
        return Arn.iamRoot(accountId).toString();
    }

    public static String user(String accountId, String userName) {
        return prefix(accountId, "user") + userName.toLowerCase(Locale.ROOT);
    }

    public static String role(String accountId, String roleName) {
        return prefix(accountId, "role") + roleName.toLowerCase(Locale.ROOT);
    }

    public static String group(String accountId, String groupName) {
        return prefix(accountId, "group") + groupName.toLowerCase(Locale.ROOT);
    }

    public static String policy(String accountId, String policyName) {
        return prefix(accountId, "policy") + policyName.toLowerCase(Locale.ROOT);
    }

    /** An account's IAM settings (password policy, alias): one stream per account. */
    public static String accountSettings(String accountId) {
        return Arn.iam(accountId, ACCOUNT_SETTINGS, "/", "default").toString();
    }

    /** The resource type of an account settings stream id (the aggregate's kind). */
    public static final String ACCOUNT_SETTINGS = "account-settings";

    public static String instanceProfile(String accountId, String instanceProfileName) {
        return prefix(accountId, "instance-profile") + instanceProfileName.toLowerCase(Locale.ROOT);
    }

    /** A virtual MFA device: names are unique in an account whatever their path or case, as other IAM names. */
    public static String mfaDevice(String accountId, String deviceName) {
        return prefix(accountId, "mfa") + deviceName.toLowerCase(Locale.ROOT);
    }

    /**
     * An OpenID Connect provider: its ARN with the URL's host folded to lower case and its path as given
     * ({@link OidcProviderUrl#key}); url is without the scheme.
     */
    public static String oidcProvider(String accountId, String url) {
        return prefix(accountId, "oidc-provider") + OidcProviderUrl.key(url);
    }

    /**
     * An EKS Pod Identity association: {@code arn:aws:eks::ACCOUNT:podidentityassociation/CLUSTER/NAMESPACE/
     * SERVICE-ACCOUNT}, a key of open-sts's (the association's ARN names its random id, which a racing create
     * would not share): one association per service account, and a cluster's associations are one key range
     * ({@link #podIdentityAssociations}). The names are kept as they are: none can hold a '/' ({@link EksNames}),
     * Kubernetes names are lower case, a cluster's name compares exactly.
     */
    public static String podIdentityAssociation(String accountId, String clusterName, String namespace,
                                                String serviceAccount) {
        return podIdentityAssociations(accountId, clusterName) + namespace + "/" + serviceAccount;
    }

    /** The prefix of the stream ids of one cluster's Pod Identity associations. */
    public static String podIdentityAssociations(String accountId, String clusterName) {
        return new Arn(Arn.AWS, "eks", "", accountId, POD_IDENTITY_ASSOCIATION + "/" + clusterName + "/").toString();
    }

    /** All stream ids of one kind in one account start with this; listings scan that range. */
    public static String prefix(String accountId, String kind) {
        return Arn.iam(accountId, kind, "/", "").toString();
    }
}

package dev.opensts.app.eks;

import dev.opensts.app.sts.IssuedCredentials;
import dev.opensts.app.sts.Origin;
import dev.opensts.app.sts.Sts;
import dev.opensts.app.sts.WebIdentityRequest;
import dev.opensts.app.sts.webidentity.VerifiedToken;
import dev.opensts.app.sts.webidentity.WebIdentityProvider;
import dev.opensts.app.sts.webidentity.WebIdentityTokens;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.EksNames;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.view.LiveView;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A pod's credentials for its projected service-account token, what the container-credentials endpoint serves
 * (docs/workload-identity.md, "Pod credentials without a node agent"). In this order:
 * <ol>
 *   <li>The request's shape: a 12-digit account, a cluster's name, a token of at most {@value #MAX_TOKEN}
 *       characters (AWS's bound of a WebIdentityToken). Its absence or excess is the caller's mistake, told as
 *       such.</li>
 *   <li>The cluster: the account's OpenID Connect provider tagged with its name ({@link Clusters}).</li>
 *   <li>The token, verified against that provider, so its issuer is the cluster's own: a token of another cluster
 *       whose namespaces have the same names gets nothing of this one.</li>
 *   <li>Only then the association of the token's {@code sub}, {@code system:serviceaccount:NAMESPACE:NAME} (and
 *       its {@code kubernetes.io} claims must agree).</li>
 *   <li>The session, from AssumeRoleWithWebIdentity ({@link Sts#assumeRoleWithWebIdentity}) for the association's
 *       role, named {@code eks-CLUSTER-POD-RANDOM}: the token is verified there again and the role's trust policy
 *       decides (Federated: the provider's ARN), so an association only chooses a role. The issuance is audited
 *       there.</li>
 * </ol>
 * Every refusal of the token or of the request for it (unknown cluster, bad token, no association, the trust
 * policy's refusal) is one answer, AccessDenied with one message, so that a caller cannot tell which clusters or
 * associations exist; why is logged (never the token). Retryable failures (the issuer's keys unreachable, the
 * replica catching up, the audit log down) are ServiceUnavailable.
 */
public final class ContainerCredentials {
    private static final Logger LOG = Logger.getLogger(ContainerCredentials.class);
    /** The longest token accepted: AWS's bound of AssumeRoleWithWebIdentity's WebIdentityToken. */
    public static final int MAX_TOKEN = 20_000;
    static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    static final int MAX_SESSION_NAME = 64;
    static final int SESSION_NAME_RANDOM = 12;
    static final String REFUSED = "The token was refused, or no role is associated with its service account in this "
            + "cluster.";

    /** What the endpoint answers: the session's credentials and the account they are of. */
    public record Issued(IssuedCredentials credentials, String accountId) {
    }

    private final LiveView view;
    private final Clusters clusters;
    private final WebIdentityTokens tokens;
    private final Function<String, WebIdentityProvider.InCluster> inCluster;
    private final Sts sts;
    private final CredentialIds ids;
    private final BooleanSupplier caughtUp;

    /**
     * @param inCluster the in-cluster setting of a provider URL (without the scheme), or null for none (as
     *                  AssumeRoleWithWebIdentity is given it)
     * @param caughtUp  whether this replica's view has caught up: until then an association it has not read yet
     *                  must not be answered as absent
     */
    public ContainerCredentials(LiveView view, Clusters clusters, WebIdentityTokens tokens,
                                Function<String, WebIdentityProvider.InCluster> inCluster, Sts sts,
                                CredentialIds ids, BooleanSupplier caughtUp) {
        this.view = view;
        this.clusters = clusters;
        this.tokens = tokens;
        this.inCluster = inCluster;
        this.sts = sts;
        this.ids = ids;
        this.caughtUp = caughtUp;
    }

    /** @param token the pod's projected service-account token, as the Authorization header carried it; or null */
    public Uni<Issued> credentials(Origin origin, String accountId, String clusterName, String token,
                                   String requestId) {
        return Uni.createFrom().deferred(() -> {
            if (!Arn.isAccountId(accountId) || !EksNames.isClusterName(clusterName)) {
                throw new AwsException(ErrorCode.InvalidRequestException, "The path must be "
                        + "/v1/container-credentials/ACCOUNT/CLUSTER: a 12-digit account and a cluster's name.");
            }
            if (token == null || token.isEmpty()) {
                throw new AwsException(ErrorCode.MissingAuthenticationToken, "The request must carry the pod's "
                        + "service-account token as its Authorization header.");
            }
            if (token.length() > MAX_TOKEN) {
                throw new AwsException(ErrorCode.InvalidRequestException,
                        "The Authorization header is longer than " + MAX_TOKEN + " characters.");
            }
            if (!caughtUp.getAsBoolean()) {
                throw new AwsException(ErrorCode.ServiceUnavailable, "This replica is still reading the event log. "
                        + "Retry shortly.");
            }
            var record = new Attempt(origin, accountId, clusterName, requestId);
            List<OidcProviderState> providers = clusters.providersOf(accountId, clusterName);
            if (providers.size() != 1) {
                return refused(record, providers.isEmpty() ? "no such cluster"
                        : providers.size() + " providers carry the cluster's name", null, null);
            }
            OidcProviderState p = providers.get(0);
            var provider = new WebIdentityProvider(p.arn(), p.url(), p.clientIds(), p.thumbprints(),
                    inCluster.apply(p.url()));
            return tokens.verify(token, provider)
                    .onFailure(AwsException.class).recoverWithUni(e -> tokenRefused(record, (AwsException) e))
                    .chain(verified -> issue(record, provider, verified, token));
        });
    }

    /** One request's where and what, for its denial record. */
    private record Attempt(Origin origin, String accountId, String clusterName, String requestId) {
        java.util.Map<String, Object> parameters() {
            return java.util.Map.of("clusterName", clusterName);
        }
    }

    /** The token did not verify: retryable failures as they are, every other refusal as one, recorded. */
    private Uni<VerifiedToken> tokenRefused(Attempt attempt, AwsException e) {
        if (e.code() == ErrorCode.ServiceUnavailable || e.code() == ErrorCode.IDPCommunicationError) {
            return Uni.createFrom().failure(new AwsException(ErrorCode.ServiceUnavailable, e.getMessage()));
        }
        return refused(attempt, "token refused: " + e.code() + " " + e.getMessage(), null, null);
    }

    private Uni<Issued> issue(Attempt attempt, WebIdentityProvider provider, VerifiedToken verified, String token) {
        if (!provider.isIssuer(verified.issuer())) {
            return refused(attempt, "the token's issuer is not the cluster's", null, null);
        }
        String[] sa = serviceAccount(verified);
        if (sa == null) {
            return refused(attempt, "the token's subject is not a Kubernetes service account", verified,
                    provider.url());
        }
        String accountId = attempt.accountId();
        String clusterName = attempt.clusterName();
        String requestId = attempt.requestId();
        Origin origin = attempt.origin();
        PodIdentityAssociationState a = view.podIdentityAssociation(accountId, clusterName, sa[0], sa[1]);
        if (a == null) {
            return refused(attempt, "no association for " + sa[0] + "/" + sa[1], verified, provider.url());
        }
        String pod = verified.kubernetes() == null ? null : verified.kubernetes().podName();
        var request = new WebIdentityRequest(a.roleArn(), sessionName(clusterName, pod), token, null, null, null,
                List.of());
        return sts.assumeRoleWithWebIdentity(origin, request, requestId)
                .onFailure().transform(e -> translated(requestId, "AssumeRoleWithWebIdentity", e))
                .map(issued -> new Issued(issued.credentials(), accountId));
    }

    /**
     * The namespace and name of the token's {@code system:serviceaccount:NS:NAME}, or null; its {@code kubernetes.io}
     * claims, where it has them, must name the same.
     */
    static String[] serviceAccount(VerifiedToken t) {
        String sub = t.subject();
        if (sub == null || !sub.startsWith(SERVICE_ACCOUNT_PREFIX)) {
            return null;
        }
        String[] parts = sub.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
        if (parts.length != 2 || !EksNames.isNamespace(parts[0]) || !EksNames.isServiceAccount(parts[1])) {
            return null;
        }
        VerifiedToken.Kubernetes k = t.kubernetes();
        if (k != null && ((k.namespace() != null && !k.namespace().equals(parts[0]))
                || (k.serviceAccountName() != null && !k.serviceAccountName().equals(parts[1])))) {
            return null;
        }
        return parts;
    }

    /**
     * {@code eks-CLUSTER-POD-} and random characters, as EKS Pod Identity names its sessions: at most 64 characters
     * (the cluster's and pod's names cut short to leave the random part whole), only {@code [\w+=,.@-]}.
     */
    String sessionName(String clusterName, String podName) {
        String prefix = "eks-" + clusterName + "-" + (podName == null || podName.isEmpty() ? "" : podName + "-");
        var safe = new StringBuilder(prefix.length());
        for (char c : prefix.toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_+=,.@-".indexOf(c) >= 0;
            safe.append(ok ? c : '-');
        }
        int room = MAX_SESSION_NAME - SESSION_NAME_RANDOM;
        String head = safe.length() > room ? safe.substring(0, room) : safe.toString();
        return head + ids.lowerAlphanumeric(SESSION_NAME_RANDOM);
    }

    /** A failure as this endpoint answers it: retryable ones as they are, every other refusal as one. */
    private static Throwable translated(String requestId, String where, Throwable e) {
        if (e instanceof AwsException a) {
            if (a.code() == ErrorCode.ServiceUnavailable || a.code() == ErrorCode.IDPCommunicationError) {
                return new AwsException(ErrorCode.ServiceUnavailable, a.getMessage());
            }
            LOG.debugf("container credentials %s refused at %s: %s %s", requestId, where, a.code(), a.getMessage());
            return new AwsException(ErrorCode.AccessDenied, REFUSED);
        }
        return e; // a defect: the adapter logs it and answers 500
    }

    /**
     * Refused before AssumeRoleWithWebIdentity was asked: logged and recorded with the reason (auditors may know
     * it), answered with the one message (the caller may not).
     */
    private <T> Uni<T> refused(Attempt attempt, String why, VerifiedToken verified, String providerUrl) {
        LOG.debugf("container credentials %s refused: %s", attempt.requestId(), why);
        return sts.refusedWebIdentity(attempt.origin(), attempt.requestId(), attempt.parameters(), attempt.accountId(),
                        new AwsException(ErrorCode.AccessDenied, "Container credentials refused: " + why), verified,
                        providerUrl)
                .onItem().transformToUni(x -> Uni.createFrom().<T>failure(
                        new AwsException(ErrorCode.AccessDenied, REFUSED)));
    }
}

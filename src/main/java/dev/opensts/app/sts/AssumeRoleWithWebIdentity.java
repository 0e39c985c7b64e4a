package dev.opensts.app.sts;

import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.sts.webidentity.VerifiedToken;
import dev.opensts.app.sts.webidentity.WebIdentityProvider;
import dev.opensts.app.sts.webidentity.WebIdentityTokens;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionTokenCodec;
import dev.opensts.credentials.SessionTooLargeException;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.NamedPolicy;
import dev.opensts.policy.PrincipalInfo;
import dev.opensts.policy.PrincipalType;
import dev.opensts.policy.RequestContext;
import dev.opensts.view.CompiledPolicies;
import dev.opensts.view.LiveView;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * AssumeRoleWithWebIdentity, decided (docs/workload-identity.md). The request is not signed: the token is the only
 * credential, so everything that costs nothing is checked before it is looked at, and nothing about the role is
 * told before the token verified and the trust policy let it in.
 *
 * <ol>
 *   <li>The parameters' bounds (session name, duration, token length, session policies), as the model has them.</li>
 *   <li>The provider: the one of the role's account whose URL is the token's {@code iss}. No such provider is
 *       InvalidIdentityToken, before any key is fetched.</li>
 *   <li>The token, verified by the {@link WebIdentityTokens} port: signature, issuer, audience in the provider's
 *       ClientIDList, times (its errors are AWS's: InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim,
 *       IDPCommunicationError).</li>
 *   <li>The role's trust policy, evaluated for a principal of type Federated whose ARN is the provider's (so only a
 *       statement naming the provider of the role's own account, {@code "Federated": "arn:aws:iam::ACCT:oidc-
 *       provider/HOST"}, or a wildcard, can match) with the action {@code sts:AssumeRoleWithWebIdentity} and the keys
 *       {@code HOST/PATH:aud}, {@code :sub}, {@code :amr} (when the token has it), {@code :azp} (likewise),
 *       {@code aws:FederatedProvider}, {@code sts:RoleSessionName}, {@code aws:RequestTag/*}, {@code aws:TagKeys},
 *       {@code sts:TransitiveTagKeys} and {@code sts:SourceIdentity}; session tags from the token need
 *       {@code sts:TagSession} too, a source identity {@code sts:SetSourceIdentity}, as on AWS. A Kubernetes token's
 *       pod and service-account tags are offered: the session carries them when the trust policy allows
 *       {@code sts:TagSession} for them, and is issued without them otherwise, so that a trust policy written for
 *       AWS's IRSA (the one action only) works unchanged.</li>
 *   <li>The session: {@code assumed-role/ROLE/NAME}, its web identity (provider and {@code sub}) sealed in its token
 *       for revocation, created by the provider (RevokeSessions with the provider's ARN as PrincipalArn revokes
 *       everything it gave).</li>
 * </ol>
 */
public final class AssumeRoleWithWebIdentity {
    static final String ACTION = "sts:AssumeRoleWithWebIdentity";
    /** The model's bounds of WebIdentityToken (clientTokenType). */
    static final int MIN_TOKEN = 4;
    static final int MAX_TOKEN = 20_000;
    static final String SERVICE_ACCOUNT = "system:serviceaccount:";
    /** The model's patterns of a tag key and value (their lengths are checked apart) and of a source identity. */
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern SOURCE_IDENTITY = Pattern.compile("[\\w+=,.@-]{2,64}");

    /** What was decided, with the identity behind it once the token verified (null before). */
    record Decided(Issuance outcome, VerifiedToken token, OidcProviderState provider) {
    }

    private final LiveView view;
    private final PolicySources policies;
    private final Contexts contexts;
    private final WebIdentityTokens tokens;
    private final Function<String, WebIdentityProvider.InCluster> inCluster;
    private final CredentialIds ids;
    private final SessionTokenCodec codec;
    private final Clock clock;
    private final BooleanSupplier caughtUp;

    /**
     * @param inCluster the in-cluster setting of a provider URL (without the scheme), or null for none
     * @param caughtUp  whether this replica's view and revocation index have caught up with their topics: until
     *                  then nothing is issued (ServiceUnavailable), as nothing is authenticated
     */
    public AssumeRoleWithWebIdentity(LiveView view, PolicySources policies, Contexts contexts,
                                     WebIdentityTokens tokens,
                                     Function<String, WebIdentityProvider.InCluster> inCluster, CredentialIds ids,
                                     SessionTokenCodec codec, Clock clock, BooleanSupplier caughtUp) {
        this.view = view;
        this.policies = policies;
        this.contexts = contexts;
        this.tokens = tokens;
        this.inCluster = inCluster;
        this.ids = ids;
        this.codec = codec;
        this.clock = clock;
        this.caughtUp = caughtUp;
    }

    /** Never fails: a refusal is {@link Issuance.Denied}. */
    Uni<Decided> decide(Origin origin, WebIdentityRequest req) {
        OidcProviderState provider;
        Arn roleArn;
        WebIdentityTokens.Unverified token;
        try {
            if (!caughtUp.getAsBoolean()) {
                throw new AwsException(ErrorCode.ServiceUnavailable, "This replica is still reading the event log "
                        + "and cannot issue credentials yet. Retry shortly.");
            }
            roleArn = checkRequest(req);
            token = tokens.read(req.webIdentityToken());
            provider = view.oidcProvider(roleArn.account(), token.issuer());
            if (provider == null) {
                // the issuer is not repeated: it was read from a token nobody verified
                throw new AwsException(ErrorCode.InvalidIdentityToken,
                        "No OpenIDConnect provider found in your account for the token's issuer.");
            }
        } catch (AwsException e) {
            return Uni.createFrom().item(denied(e, null, null, null));
        }
        WebIdentityProvider trusted = new WebIdentityProvider(provider.arn(), provider.url(), provider.clientIds(),
                provider.thumbprints(), inCluster.apply(provider.url()));
        return tokens.verify(token, trusted)
                .map(verified -> afterVerification(origin, req, roleArn, provider, verified))
                .onFailure(AwsException.class).recoverWithItem(e -> denied((AwsException) e, null, null, null))
                .onFailure().recoverWithItem(e -> denied(new AwsException(ErrorCode.IDPCommunicationError,
                        "The identity provider could not be reached; retry later."), null, null, null));
    }

    private static Decided denied(AwsException e, Decision d, VerifiedToken token, OidcProviderState provider) {
        return new Decided(new Issuance.Denied(e, d), token, provider);
    }

    /** The model's constraints, checked here too (the use case does not trust its adapter); the role's ARN. */
    private static Arn checkRequest(WebIdentityRequest req) {
        if (req.providerId() != null) {
            throw new AwsException(ErrorCode.InvalidParameterValue, "ProviderId is only for OAuth 2.0 access tokens "
                    + "of www.amazon.com and graph.facebook.com, which open-sts does not accept: leave it out and "
                    + "pass an OpenID Connect ID token.");
        }
        AssumeRole.checkSessionName(req.roleSessionName());
        AssumeRole.checkRange("durationSeconds", req.durationSeconds(), AssumeRole.MIN_DURATION,
                AssumeRole.MAX_DURATION);
        String token = req.webIdentityToken();
        if (token == null || token.length() < MIN_TOKEN || token.length() > MAX_TOKEN) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value at "
                    + "'webIdentityToken' failed to satisfy constraint: Member must have length between " + MIN_TOKEN
                    + " and " + MAX_TOKEN);
        }
        AssumeRole.compileSessionPolicy(req.policy());
        if (req.policyArns().size() > AssumeRole.MAX_POLICY_ARNS) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value at 'policyArns' "
                    + "failed to satisfy constraint: Member must have length less than or equal to "
                    + AssumeRole.MAX_POLICY_ARNS);
        }
        Arn arn = Arn.parseIamRole(req.roleArn());
        if (arn == null) {
            throw new AwsException(ErrorCode.ValidationError, "Invalid RoleArn: it must look like "
                    + "arn:aws:iam::123456789012:role/NAME");
        }
        return arn;
    }

    private Decided afterVerification(Origin origin, WebIdentityRequest req, Arn roleArn,
                                      OidcProviderState provider, VerifiedToken token) {
        Decision trust = null;
        try {
            RoleState role = view.role(roleArn.account(), roleArn.name());
            CompiledPolicies compiled = role == null || !role.arn().equals(req.roleArn()) ? null
                    : view.compiled(StreamIds.role(role.accountId(), role.roleName()));
            if (compiled == null || compiled.trust() == null) {
                // the answer of a trust denial: whether a role exists is its account's business
                throw notAuthorized();
            }
            NamedPolicy trustPolicy = new NamedPolicy(role.arn() + " trust policy", compiled.trust());
            checkSourceIdentity(token.sourceIdentity());
            Map<String, String> claimed = token.principalTags();
            Map<String, String> offered = offeredKubernetesTags(token, claimed);
            if (!offered.isEmpty()) {
                var all = new LinkedHashMap<>(claimed);
                all.putAll(offered);
                AssumeRole.SessionTags candidate = tags(all, token.transitiveTagKeys());
                if (evaluate(origin, req, provider, token, role, trustPolicy, candidate, "sts:TagSession").allowed()) {
                    claimed = all;
                } else {
                    // issued without them; but a Deny that names them still holds, as it would with them attached
                    Decision withThem = evaluate(origin, req, provider, token, role, trustPolicy, candidate, ACTION);
                    if (withThem.outcome() == dev.opensts.policy.Outcome.EXPLICIT_DENY) {
                        return denied(notAuthorized(), withThem, token, provider);
                    }
                }
            }
            AssumeRole.SessionTags tags = tags(claimed, token.transitiveTagKeys());
            trust = evaluate(origin, req, provider, token, role, trustPolicy, tags, ACTION);
            if (!trust.allowed()) {
                return denied(notAuthorized(), trust, token, provider);
            }
            if (!token.principalTags().isEmpty() || !token.transitiveTagKeys().isEmpty()) {
                Decision d = evaluate(origin, req, provider, token, role, trustPolicy, tags, "sts:TagSession");
                if (!d.allowed()) {
                    return denied(notAuthorizedTo("sts:TagSession"), d, token, provider);
                }
            }
            if (token.sourceIdentity() != null) {
                Decision d = evaluate(origin, req, provider, token, role, trustPolicy, tags, "sts:SetSourceIdentity");
                if (!d.allowed()) {
                    return denied(notAuthorizedTo("sts:SetSourceIdentity"), d, token, provider);
                }
            }
            IssuedCredentials issued = mint(req, provider, token, role, tags);
            return new Decided(new Issuance.Issued(issued, trust), token, provider);
        } catch (AwsException e) {
            return denied(e, trust, token, provider);
        } catch (SessionTooLargeException e) {
            return denied(AssumeRole.tooLarge(e), trust, token, provider);
        }
    }

    /**
     * The session tags EKS Pod Identity names from a Kubernetes service-account token, those whose key the token's
     * own session tags do not already set (in any case). Only a service-account token's: its {@code sub} is
     * {@code system:serviceaccount:NAMESPACE:NAME} and its {@code kubernetes.io} claims name the same namespace and
     * service account, so another kind of token (a user's, whose claims a user may influence) cannot pass itself
     * off as a pod of some namespace.
     */
    private static Map<String, String> offeredKubernetesTags(VerifiedToken token, Map<String, String> claimed) {
        VerifiedToken.Kubernetes k = token.kubernetes();
        if (k == null || k.namespace() == null || k.serviceAccountName() == null
                || !token.subject().equals(SERVICE_ACCOUNT + k.namespace() + ":" + k.serviceAccountName())) {
            return Map.of();
        }
        var offered = new LinkedHashMap<String, String>();
        k.sessionTags().forEach((key, value) -> {
            if (claimed.keySet().stream().noneMatch(c -> c.equalsIgnoreCase(key))) {
                offered.put(key, value);
            }
        });
        return offered;
    }

    /**
     * The session's tags, by the rules of AssumeRole's and the model's bounds of a tag (which the Query adapter checks
     * for AssumeRole's, and nobody before this for a token's); a token whose tags break them is refused with
     * IDPRejectedClaim.
     */
    private static AssumeRole.SessionTags tags(Map<String, String> tags, List<String> transitive) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!TAG_KEY.matcher(t.getKey()).matches() || t.getKey().length() > 128) {
                throw new AwsException(ErrorCode.IDPRejectedClaim, "The token's session tag keys must be 1 to 128 "
                        + "letters, digits, spaces or _.:/=+-@");
            }
            if (!TAG_VALUE.matcher(t.getValue()).matches() || t.getValue().length() > 256) {
                throw new AwsException(ErrorCode.IDPRejectedClaim, "The token's session tag values must be at most "
                        + "256 letters, digits, spaces or _.:/=+-@");
            }
        }
        try {
            return AssumeRole.SessionTags.of(null, tags, transitive);
        } catch (AwsException e) {
            throw new AwsException(ErrorCode.IDPRejectedClaim, "The token's session tags are not usable: "
                    + e.getMessage());
        }
    }

    /** The model's bounds of a SourceIdentity, and AWS's reserved prefix, for the token's source identity. */
    private static void checkSourceIdentity(String sourceIdentity) {
        if (sourceIdentity != null && (!SOURCE_IDENTITY.matcher(sourceIdentity).matches()
                || sourceIdentity.toLowerCase(java.util.Locale.ROOT).startsWith("aws:"))) {
            throw new AwsException(ErrorCode.IDPRejectedClaim, "The token's source identity must be 2 to 64 letters, "
                    + "digits or +=,.@-_ and must not begin with 'aws:'.");
        }
    }

    private Decision evaluate(Origin origin, WebIdentityRequest req, OidcProviderState provider, VerifiedToken token,
                              RoleState role, NamedPolicy trust, AssumeRole.SessionTags tags, String action) {
        return Evaluator.evaluateWithResourcePolicy(context(origin, req, provider, token, role, tags, action), trust,
                role.accountId(), List.of(), null, null);
    }

    private RequestContext context(Origin origin, WebIdentityRequest req, OidcProviderState provider,
                                   VerifiedToken token, RoleState role, AssumeRole.SessionTags tags, String action) {
        // a web identity has no IAM ARN and no account: its principal is the provider that vouched for it, which a
        // trust policy names as "Federated"
        var principal = new PrincipalInfo(provider.arn(), null, PrincipalType.FEDERATED, null, null, tags.tags());
        RequestContext.Builder b = contexts.withResource(contexts.forFederated(principal, action, role.arn(),
                        origin.sourceIp(), origin.secure(), origin.userAgent()), role.arn())
                .put("aws:FederatedProvider", provider.arn())
                .put("sts:RoleSessionName", req.roleSessionName());
        String prefix = provider.url() + ":";
        b.put(prefix + "aud", token.audience());
        b.put(prefix + "sub", token.subject());
        if (!token.amr().isEmpty()) {
            b.put(prefix + "amr", token.amr().toArray(String[]::new));
        }
        if (token.authorizedParty() != null) {
            b.put(prefix + "azp", token.authorizedParty());
        }
        if (token.sourceIdentity() != null) {
            b.put("sts:SourceIdentity", token.sourceIdentity());
        }
        AssumeRole.putRequestTags(b, tags.tags(), tags.transitiveKeys());
        return b.build();
    }

    private IssuedCredentials mint(WebIdentityRequest req, OidcProviderState provider, VerifiedToken token,
                                   RoleState role, AssumeRole.SessionTags tags) {
        int duration = req.durationSeconds() == null ? AssumeRole.DEFAULT_DURATION : req.durationSeconds();
        AssumeRole.checkMaxDuration(role, duration);
        Integer packed = AssumeRole.packedSize(req.policy(), req.policyArns(), tags.tags());
        AssumeRole.checkPolicyArns(policies, role.accountId(), req.policyArns());
        var session = AssumeRole.roleSession(role, req.roleSessionName(), ids, clock.instant(), duration);
        // no key created it: the session is its own origin; its creator is the provider
        String keyId = session.accessKeyId();
        var claims = session
                .sessionPolicy(req.policy())
                .sessionPolicyArns(req.policyArns())
                .tags(tags.tags())
                .transitiveTagKeys(tags.transitiveKeys())
                .sourceIdentity(token.sourceIdentity())
                .originAccessKeyId(keyId)
                .originPrincipalArn(provider.arn())
                .parentAccessKeyId(keyId)
                .webIdentity(new SessionClaims.WebIdentity(provider.arn(), token.subject()))
                .build();
        return new IssuedCredentials(claims, codec.encode(claims), packed);
    }

    private static AwsException notAuthorized() {
        return notAuthorizedTo(ACTION);
    }

    private static AwsException notAuthorizedTo(String action) {
        return new AwsException(ErrorCode.AccessDenied, "Not authorized to perform " + action);
    }

    /** CloudTrail's principalId of a web identity: {@code HOST/PATH:AUDIENCE:SUB}. */
    static String principalId(OidcProviderState provider, VerifiedToken token) {
        return provider.url() + ":" + token.audience() + ":" + token.subject();
    }
}

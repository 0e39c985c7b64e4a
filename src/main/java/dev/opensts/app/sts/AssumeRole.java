package dev.opensts.app.sts;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.auth.PrincipalPolicies;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.credentials.SessionTokenCodec;
import dev.opensts.credentials.SessionTooLargeException;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.NamedPolicy;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import dev.opensts.policy.PrincipalBindings;
import dev.opensts.policy.RequestContext;
import dev.opensts.view.CompiledPolicies;
import dev.opensts.view.LiveView;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AssumeRole, decided: checks the request against the role (duration, chaining, session policies,
 * tags, source identity), evaluates the role's trust policy with the policy engine and the full
 * request context, and mints the session. Reads only the live view; never blocks.
 */
public final class AssumeRole {
    static final int DEFAULT_DURATION = 3600;
    static final int CHAINED_MAX_DURATION = 3600;
    static final int MIN_DURATION = 900;
    /** The model's bound; a role's MaxSessionDuration (at most this) is the real one. */
    static final int MAX_DURATION = 43200;
    static final int PACKED_LIMIT_CHARS = 2048;
    static final int SESSION_POLICY_MAX_CHARS = 2048;
    static final int MAX_POLICY_ARNS = 10;

    private final LiveView view;
    private final PolicySources policies;
    private final Contexts contexts;
    private final CredentialIds ids;
    private final SessionTokenCodec tokens;
    private final Clock clock;

    public AssumeRole(LiveView view, PolicySources policies, Contexts contexts, CredentialIds ids,
                      SessionTokenCodec tokens, Clock clock) {
        this.view = view;
        this.policies = policies;
        this.contexts = contexts;
        this.ids = ids;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Decides an AssumeRole: what can be checked without knowing anything of the role comes first; what depends on
     * the role (its maximum session, its account's policies) only once the trust policy let the caller in, so that
     * a stranger learns nothing about the role from the errors.
     */
    public Issuance decide(Caller caller, AssumeRoleRequest req) {
        return decide(caller, req, Mfa.NONE);
    }

    /** @param mfa what the request's SerialNumber and TokenCode came to, checked beforehand */
    Issuance decide(Caller caller, AssumeRoleRequest req, Mfa mfa) {
        Decision trustDecision = null;
        try {
            Admitted a = admit(caller, req, mfa);
            trustDecision = Evaluator.evaluateWithResourcePolicy(context(caller, req, a.role(), "sts:AssumeRole", mfa),
                    a.trust(), a.role().accountId(), a.mine().identity(), a.mine().session(), a.mine().boundary());
            if (!trustDecision.allowed()
                    || (assumesItself(caller, a.role()) && !namesItself(a.trust().policy(), a.role()))) {
                // a role's session assuming the same role again needs the role's trust policy to name the role
                // itself (as AWS requires since 2022): trusting the account is not enough, or a session could shed
                // its session policies by assuming its own role anew
                return new Issuance.Denied(notAuthorized(caller, "sts:AssumeRole", req.roleArn()), trustDecision);
            }
            for (String also : alsoNeeded(req)) {
                Decision d = Evaluator.evaluateWithResourcePolicy(context(caller, req, a.role(), also, mfa), a.trust(),
                        a.role().accountId(), a.mine().identity(), a.mine().session(), a.mine().boundary());
                if (!d.allowed()) {
                    return new Issuance.Denied(notAuthorized(caller, also, a.role().arn()), d);
                }
            }
            return new Issuance.Issued(mint(caller, req, a, mfa), trustDecision);
        } catch (AwsException e) {
            return new Issuance.Denied(e, trustDecision);
        } catch (SessionTooLargeException e) {
            return new Issuance.Denied(tooLarge(e), trustDecision);
        }
    }

    private static final java.util.regex.Pattern SESSION_NAME = java.util.regex.Pattern.compile("[\\w+=,.@-]{2,64}");

    /**
     * The model's constraints on a session name, checked here too: the Query adapter checks them against AWS's model
     * before the request exists, but a use case does not trust its adapter to have done so (web identity and other
     * entry points build the same request).
     */
    static void checkSessionName(String name) {
        if (name == null || !SESSION_NAME.matcher(name).matches()) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value '" + name
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
    }

    /** A number the model bounds, checked here too (see {@link #checkSessionName}); null means the default. */
    static void checkRange(String member, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value '" + value
                    + "' at '" + member + "' failed to satisfy constraint: Member must have value "
                    + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
    }

    /** A session whose claims would not fit in a token: the caller's to shrink, as AWS's packed-size limit is. */
    public static AwsException tooLarge(SessionTooLargeException e) {
        return new AwsException(ErrorCode.PackedPolicyTooLarge, "The session's policies, tags, source identity "
                + "and role chain would make a session token of " + e.tokenLength() + " characters, more than the "
                + SessionTokenCodec.MAX_TOKEN_LENGTH + " allowed: pass fewer or shorter session policies or tags.");
    }

    /** What the checks before the trust policy established. */
    private record Admitted(RoleState role, int duration, boolean chained, String inheritedSourceIdentity,
                            SessionTags tags, NamedPolicy trust, PrincipalPolicies mine) {
    }

    /** The checks that need nothing of the role but its existence; the role, its trust policy, the caller's policies. */
    private Admitted admit(Caller caller, AssumeRoleRequest req, Mfa mfa) {
        dev.opensts.app.auth.FederatedUsers.refuse(caller, "sts:AssumeRole", req.roleArn());
        mfa.requireValid(req.serialNumber(), req.tokenCode());
        checkSessionName(req.roleSessionName());
        checkRange("durationSeconds", req.durationSeconds(), MIN_DURATION, MAX_DURATION);
        Arn arn = Arn.parseIamRole(req.roleArn());
        if (arn == null) {
            throw new AwsException(ErrorCode.ValidationError, "Invalid RoleArn: it must look like "
                    + "arn:aws:iam::123456789012:role/NAME");
        }
        RoleState role = view.role(arn.account(), arn.name());
        boolean chained = caller.session() != null && caller.session().kind() == SessionKind.ASSUMED_ROLE;
        int duration = req.durationSeconds() == null ? DEFAULT_DURATION : req.durationSeconds();
        if (role == null || !role.arn().equals(req.roleArn())) {
            // same answer as a trust denial: whether a role exists is nobody's business but its account's
            throw notAuthorized(caller, "sts:AssumeRole", req.roleArn());
        }
        if (chained && duration > CHAINED_MAX_DURATION) {
            throw new AwsException(ErrorCode.ValidationError, "The requested DurationSeconds exceeds the 1 hour "
                    + "session limit for roles assumed by role chaining.");
        }
        if (req.sourceIdentity() != null && req.sourceIdentity().toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw new AwsException(ErrorCode.ValidationError,
                    "SourceIdentity must not begin with 'aws:', a prefix reserved for AWS.");
        }
        String inherited = caller.session() == null ? null : caller.session().sourceIdentity();
        if (inherited != null && req.sourceIdentity() != null && !inherited.equals(req.sourceIdentity())) {
            throw new AwsException(ErrorCode.AccessDenied, "The source identity of a session cannot be changed: "
                    + "the calling session carries a different source identity.");
        }
        compileSessionPolicy(req.policy());
        if (req.policyArns().size() > MAX_POLICY_ARNS) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value at 'policyArns' "
                    + "failed to satisfy constraint: Member must have length less than or equal to " + MAX_POLICY_ARNS);
        }
        SessionTags tags = SessionTags.of(caller.session(), req.tags(), req.transitiveTagKeys());
        CompiledPolicies compiled = view.compiled(StreamIds.role(role.accountId(), role.roleName()));
        if (compiled == null || compiled.trust() == null) {
            throw notAuthorized(caller, "sts:AssumeRole", req.roleArn());
        }
        return new Admitted(role, duration, chained, inherited, tags,
                new NamedPolicy(role.arn() + " trust policy", compiled.trust()), policies.of(caller));
    }

    /** The other actions the trust policy must allow: sts:TagSession for tags, sts:SetSourceIdentity. */
    private static List<String> alsoNeeded(AssumeRoleRequest req) {
        var actions = new ArrayList<String>(2);
        if (!req.tags().isEmpty() || !req.transitiveTagKeys().isEmpty()) {
            actions.add("sts:TagSession");
        }
        if (req.sourceIdentity() != null) {
            actions.add("sts:SetSourceIdentity");
        }
        return actions;
    }

    /** The checks that depend on the role, once the caller is let in; then the session. */
    private IssuedCredentials mint(Caller caller, AssumeRoleRequest req, Admitted a, Mfa mfa) {
        RoleState role = a.role();
        String account = role.accountId();
        checkMaxDuration(role, a.duration());
        Integer packed = packedSize(req, a.tags());
        checkPolicyArns(policies, account, req.policyArns());
        SessionClaims parent = caller.session();
        List<SessionClaims.ChainLink> chain = parent == null ? List.of() : parent.chainWithSelf();
        if (chain.size() > SessionClaims.MAX_CHAIN) {
            throw new AwsException(ErrorCode.ValidationError, "Role chaining is limited to "
                    + SessionClaims.MAX_CHAIN + " ancestor sessions; start again from long-term credentials.");
        }
        var claims = roleSession(role, req.roleSessionName(), ids, clock.instant(), a.duration())
                .sessionPolicy(req.policy())
                .sessionPolicyArns(List.copyOf(req.policyArns()))
                .tags(a.tags().tags())
                .transitiveTagKeys(a.tags().transitiveKeys())
                .sourceIdentity(req.sourceIdentity() != null ? req.sourceIdentity() : a.inheritedSourceIdentity())
                .mfaPresent(mfa.present() || (parent != null && parent.mfaPresent()))
                .mfaAuthTime(mfa.present() ? mfa.authenticatedAt() : parent == null ? null : parent.mfaAuthTime())
                .chainDepth(a.chained() ? parent.chainDepth() + 1 : 0)
                .originAccessKeyId(parent != null ? parent.originAccessKeyId() : caller.accessKeyId())
                .originPrincipalArn(parent != null ? parent.originPrincipalArn() : caller.arn())
                .parentAccessKeyId(caller.accessKeyId())
                .chain(chain)
                .webIdentity(parent == null ? null : parent.webIdentity())
                .build();
        return new IssuedCredentials(claims, tokens.encode(claims), packed);
    }

    /**
     * A session of the role as every issuing action starts it: a new ASIA key and secret of the role's account, the
     * session's ARN and id, the role, the issue time and the expiry. The expiry is in whole seconds, as the wire
     * format (ISO 8601, no fraction) tells the client: the token, the answer and the audit record then agree on it to
     * the second. The issue time keeps its milliseconds, so that a session minted just after a revocation is not
     * taken for one issued before it.
     */
    static SessionClaims.Builder roleSession(RoleState role, String sessionName, CredentialIds ids, Instant issued,
                                             int durationSeconds) {
        String account = role.accountId();
        return SessionClaims.builder()
                .kind(SessionKind.ASSUMED_ROLE)
                .accountId(account)
                .accessKeyId(ids.accessKeyId("ASIA", account))
                .secretAccessKey(ids.secret())
                .principalArn(Arn.assumedRole(account, role.roleName(), sessionName).toString())
                .principalId(role.roleId() + ":" + sessionName)
                .roleArn(role.arn())
                .roleName(role.roleName())
                .roleId(role.roleId())
                .sessionName(sessionName)
                .issuedAt(issued)
                .expiresAt(issued.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .plus(Duration.ofSeconds(durationSeconds)));
    }

    /** A duration within the model's bounds may still exceed the role's own maximum. */
    static void checkMaxDuration(RoleState role, int durationSeconds) {
        if (durationSeconds > role.maxSessionDuration()) {
            throw new AwsException(ErrorCode.ValidationError,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
    }

    /** The request's session tags as condition keys: aws:RequestTag/*, aws:TagKeys, sts:TransitiveTagKeys. */
    static void putRequestTags(RequestContext.Builder b, Map<String, String> tags, List<String> transitiveKeys) {
        if (!tags.isEmpty()) {
            tags.forEach((k, v) -> b.put("aws:RequestTag/" + k, v));
            b.put("aws:TagKeys", tags.keySet().toArray(String[]::new));
        }
        if (!transitiveKeys.isEmpty()) {
            b.put("sts:TransitiveTagKeys", transitiveKeys.toArray(String[]::new));
        }
    }

    /**
     * Only the role's own account's policies may scope its sessions; another account's answers exactly as a policy
     * that does not exist, so that nobody can probe for them.
     */
    static void checkPolicyArns(PolicySources policies, String account, List<String> policyArns) {
        for (String policyArn : policyArns) {
            Arn policy = Arn.parseIamPolicy(policyArn);
            if (policy == null || !account.equals(policy.account()) || policies.managed(policyArn) == null) {
                throw new AwsException(ErrorCode.MalformedPolicyDocument,
                        "Policy " + policyArn + " does not exist or is not attachable.");
            }
        }
    }

    private static boolean assumesItself(Caller caller, RoleState role) {
        SessionClaims s = caller.session();
        return s != null && s.kind() == SessionKind.ASSUMED_ROLE && role.roleId().equals(s.roleId());
    }

    private static boolean namesItself(Policy trust, RoleState role) {
        return PrincipalBindings.principalsOf(trust)
                .contains(PrincipalBindings.key(role.accountId(), "role", role.roleName()));
    }

    private RequestContext context(Caller caller, AssumeRoleRequest req, RoleState role, String action, Mfa mfa) {
        RequestContext.Builder b = contexts.withResource(contexts.forCaller(caller, action, role.arn()), role.arn())
                .put("sts:RoleSessionName", req.roleSessionName());
        if (mfa.present()) {
            // the MFA authentication of this very request: present, and no time has passed since
            b.put("aws:MultiFactorAuthPresent", "true");
            b.put("aws:MultiFactorAuthAge", "0");
        }
        if (req.externalId() != null) {
            b.put("sts:ExternalId", req.externalId());
        }
        if (req.sourceIdentity() != null) {
            b.put("sts:SourceIdentity", req.sourceIdentity());
        }
        putRequestTags(b, req.tags(), req.transitiveTagKeys());
        return b.build();
    }

    /**
     * Names the action and the role for the encoded authorization message, and nothing of the role's trust policy
     * or whether the role exists: the role may be another account's.
     */
    private static AwsException notAuthorized(Caller caller, String action, String roleArn) {
        return new dev.opensts.app.auth.AccessDenied("User: " + caller.arn()
                + " is not authorized to perform: " + action + " on resource: " + roleArn, null, action, roleArn, null);
    }

    static void compileSessionPolicy(String policy) {
        if (policy == null) {
            return;
        }
        // the model's type for AssumeRole's Policy has no length bound; AWS documents 2,048 characters
        if (policy.codePointCount(0, policy.length()) > SESSION_POLICY_MAX_CHARS) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value at 'policy' failed "
                    + "to satisfy constraint: Member must have length less than or equal to " + SESSION_POLICY_MAX_CHARS);
        }
        try {
            Policy.parse(policy, PolicyKind.SESSION);
        } catch (MalformedPolicyDocumentException e) {
            throw new AwsException(ErrorCode.MalformedPolicyDocument, e.getMessage());
        }
    }

    /**
     * The share of the session's allotted space used by its policies and tags, in percent, as AWS
     * reports it; over 100 is PackedPolicyTooLarge. Null when the request passed neither.
     */
    static Integer packedSize(AssumeRoleRequest req, SessionTags tags) {
        return packedSize(req.policy(), req.policyArns(), tags.tags());
    }

    static Integer packedSize(String policy, List<String> policyArns, Map<String, String> tags) {
        if (policy == null && policyArns.isEmpty() && tags.isEmpty()) {
            return null;
        }
        int chars = policy == null ? 0 : (int) policy.chars().filter(c -> !Character.isWhitespace(c)).count();
        for (String a : policyArns) {
            chars += a.length();
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            chars += t.getKey().length() + t.getValue().length();
        }
        int percent = (int) Math.ceil(chars * 100.0 / PACKED_LIMIT_CHARS);
        if (percent > 100) {
            throw new AwsException(ErrorCode.PackedPolicyTooLarge, "Packed policy consumes " + percent
                    + "% of allotted space, please use smaller policy for this request.");
        }
        return percent;
    }

    /** Session tags: the caller's transitive tags, which cannot be overridden, plus the request's. */
    record SessionTags(Map<String, String> tags, List<String> transitiveKeys) {
        static SessionTags of(SessionClaims parent, Map<String, String> requested, List<String> transitive) {
            var seen = new java.util.HashSet<String>();
            for (String k : requested.keySet()) {
                if (k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                    throw new AwsException(ErrorCode.InvalidParameterValue,
                            "The tag key " + k + " is not valid: the prefix 'aws:' is reserved for AWS.");
                }
                if (!seen.add(k.toLowerCase(Locale.ROOT))) {
                    throw new AwsException(ErrorCode.InvalidParameterValue,
                            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
                }
            }
            for (String k : transitive) {
                if (!seen.contains(k.toLowerCase(Locale.ROOT))) {
                    throw new AwsException(ErrorCode.InvalidParameterValue,
                            "The TransitiveTagKeys " + k + " is not one of the session's Tags.");
                }
            }
            var tags = new LinkedHashMap<String, String>();
            var keys = new ArrayList<String>();
            if (parent != null && parent.transitiveTagKeys() != null) {
                for (String k : parent.transitiveTagKeys()) {
                    if (seen.contains(k.toLowerCase(Locale.ROOT))) {
                        throw new AwsException(ErrorCode.InvalidParameterValue, "The transitive tag " + k
                                + " of the calling session cannot be overridden.");
                    }
                    tags.put(k, parent.tags().get(k));
                    keys.add(k);
                }
            }
            tags.putAll(requested);
            keys.addAll(transitive);
            if (tags.size() > 50) {
                throw new AwsException(ErrorCode.InvalidParameterValue,
                        "A session can carry at most 50 tags, transitive ones included.");
            }
            return new SessionTags(Map.copyOf(tags).isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(tags),
                    List.copyOf(keys));
        }
    }
}

package dev.opensts.credentials;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a replica needs to authenticate and authorize a temporary credential without shared
 * state. Carried, sealed, in the session token (see {@link SessionTokenCodec}).
 *
 * <p>Normalisation done by the constructor, so that a decoded token equals the claims it was made
 * from: instants are truncated to milliseconds (the token's precision); null lists and maps become
 * empty; lists and the tag map are copied into unmodifiable collections (tags keep insertion
 * order).
 *
 * <p>Invariants: kind, accountId, accessKeyId (ASIA...), secretAccessKey, principalArn,
 * principalId, issuedAt, expiresAt, originAccessKeyId, originPrincipalArn and parentAccessKeyId
 * are present; roleArn, roleName, roleId and sessionName are present for ASSUMED_ROLE and null
 * otherwise; userName is present for USER_SESSION and null otherwise; expiresAt is not before
 * issuedAt; chainDepth is 0 or more, and above 0 only for ASSUMED_ROLE. No element, tag key or
 * tag value is null. webIdentity, when present, is only on an ASSUMED_ROLE session. For FEDERATED_USER, sessionName
 * is the federated user's name, userName the issuing IAM user's (null when an account's root issued it) and issuerId
 * the issuer's unique id (the user's AIDA... id, or the account id for a root), present for that kind only. chain lists the session's ancestors (temporary credentials it was created
 * with, oldest first), at most {@link #MAX_CHAIN}; it is empty for a session created with long-term keys.
 *
 * <p>{@link #toString()} never prints the secret access key.
 */
public record SessionClaims(
        SessionKind kind, String accountId, String accessKeyId, String secretAccessKey,
        String principalArn,
        String principalId,
        String roleArn, String roleName, String roleId, String sessionName,
        String userName,
        Instant issuedAt, Instant expiresAt,
        String sessionPolicy, List<String> sessionPolicyArns,
        Map<String, String> tags, List<String> transitiveTagKeys,
        String sourceIdentity, boolean mfaPresent, Instant mfaAuthTime,
        int chainDepth,
        String originAccessKeyId,
        String originPrincipalArn,
        String parentAccessKeyId,
        List<ChainLink> chain,
        WebIdentity webIdentity,
        String issuerId) {

    /** Most ancestors a session may have: role chaining beyond this is refused. */
    public static final int MAX_CHAIN = 16;

    /**
     * One ancestor of a session: the temporary credentials it was created with, their principal, when they were
     * issued and the source identity they carried (null for none). Revocations match ancestors as they match the
     * session itself, with the ancestor's own issue time, so that revoking a session revokes its descendants.
     */
    public record ChainLink(String accessKeyId, String principalArn, Instant issuedAt, String sourceIdentity) {
        public ChainLink {
            Objects.requireNonNull(accessKeyId, "chain accessKeyId");
            Objects.requireNonNull(principalArn, "chain principalArn");
            issuedAt = millis(Objects.requireNonNull(issuedAt, "chain issuedAt"));
        }
    }

    /**
     * The web identity a session stems from: the OpenID Connect provider (its ARN as stored, host in lower case) and
     * the token's {@code sub}. A session chained from a web identity session carries it too, so that revoking the
     * identity revokes everything it led to.
     */
    public record WebIdentity(String providerArn, String subject) {
        public WebIdentity {
            Objects.requireNonNull(providerArn, "webIdentity providerArn");
            Objects.requireNonNull(subject, "webIdentity subject");
        }
    }

    /** Claims of any kind but FEDERATED_USER (no issuer id). */
    public SessionClaims(
            SessionKind kind, String accountId, String accessKeyId, String secretAccessKey,
            String principalArn, String principalId,
            String roleArn, String roleName, String roleId, String sessionName, String userName,
            Instant issuedAt, Instant expiresAt,
            String sessionPolicy, List<String> sessionPolicyArns,
            Map<String, String> tags, List<String> transitiveTagKeys,
            String sourceIdentity, boolean mfaPresent, Instant mfaAuthTime,
            int chainDepth, String originAccessKeyId, String originPrincipalArn, String parentAccessKeyId,
            List<ChainLink> chain, WebIdentity webIdentity) {
        this(kind, accountId, accessKeyId, secretAccessKey, principalArn, principalId, roleArn, roleName, roleId,
                sessionName, userName, issuedAt, expiresAt, sessionPolicy, sessionPolicyArns, tags, transitiveTagKeys,
                sourceIdentity, mfaPresent, mfaAuthTime, chainDepth, originAccessKeyId, originPrincipalArn,
                parentAccessKeyId, chain, webIdentity, null);
    }

    /** Claims not from a web identity. */
    public SessionClaims(
            SessionKind kind, String accountId, String accessKeyId, String secretAccessKey,
            String principalArn, String principalId,
            String roleArn, String roleName, String roleId, String sessionName, String userName,
            Instant issuedAt, Instant expiresAt,
            String sessionPolicy, List<String> sessionPolicyArns,
            Map<String, String> tags, List<String> transitiveTagKeys,
            String sourceIdentity, boolean mfaPresent, Instant mfaAuthTime,
            int chainDepth, String originAccessKeyId, String originPrincipalArn, String parentAccessKeyId,
            List<ChainLink> chain) {
        this(kind, accountId, accessKeyId, secretAccessKey, principalArn, principalId, roleArn, roleName, roleId,
                sessionName, userName, issuedAt, expiresAt, sessionPolicy, sessionPolicyArns, tags, transitiveTagKeys,
                sourceIdentity, mfaPresent, mfaAuthTime, chainDepth, originAccessKeyId, originPrincipalArn,
                parentAccessKeyId, chain, null, null);
    }

    /** Claims without ancestors (a session created with long-term keys). */
    public SessionClaims(
            SessionKind kind, String accountId, String accessKeyId, String secretAccessKey,
            String principalArn, String principalId,
            String roleArn, String roleName, String roleId, String sessionName, String userName,
            Instant issuedAt, Instant expiresAt,
            String sessionPolicy, List<String> sessionPolicyArns,
            Map<String, String> tags, List<String> transitiveTagKeys,
            String sourceIdentity, boolean mfaPresent, Instant mfaAuthTime,
            int chainDepth, String originAccessKeyId, String originPrincipalArn, String parentAccessKeyId) {
        this(kind, accountId, accessKeyId, secretAccessKey, principalArn, principalId, roleArn, roleName, roleId,
                sessionName, userName, issuedAt, expiresAt, sessionPolicy, sessionPolicyArns, tags, transitiveTagKeys,
                sourceIdentity, mfaPresent, mfaAuthTime, chainDepth, originAccessKeyId, originPrincipalArn,
                parentAccessKeyId, List.of(), null, null);
    }

    public SessionClaims {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(originAccessKeyId, "originAccessKeyId");
        Objects.requireNonNull(originPrincipalArn, "originPrincipalArn");
        Objects.requireNonNull(parentAccessKeyId, "parentAccessKeyId");
        if (!accessKeyId.startsWith("ASIA")) {
            throw new IllegalArgumentException("a session's access key id starts with ASIA");
        }
        boolean role = kind == SessionKind.ASSUMED_ROLE;
        boolean federated = kind == SessionKind.FEDERATED_USER;
        requirePresence(role, roleArn, "roleArn", kind);
        requirePresence(role, roleName, "roleName", kind);
        requirePresence(role, roleId, "roleId", kind);
        requirePresence(role || federated, sessionName, "sessionName", kind);
        if (!federated) { // a federated user's issuer is an IAM user (userName set) or the account's root (null)
            requirePresence(kind == SessionKind.USER_SESSION, userName, "userName", kind);
        }
        requirePresence(federated, issuerId, "issuerId", kind);
        issuedAt = millis(Objects.requireNonNull(issuedAt, "issuedAt"));
        expiresAt = millis(Objects.requireNonNull(expiresAt, "expiresAt"));
        if (expiresAt.isBefore(issuedAt)) {
            throw new IllegalArgumentException("expiresAt is before issuedAt");
        }
        mfaAuthTime = mfaAuthTime == null ? null : millis(mfaAuthTime);
        if (chainDepth < 0) {
            throw new IllegalArgumentException("chainDepth is negative");
        }
        if (chainDepth > 0 && !role) {
            throw new IllegalArgumentException("only a role session can be chained");
        }
        sessionPolicyArns = sessionPolicyArns == null ? List.of() : List.copyOf(sessionPolicyArns);
        transitiveTagKeys = transitiveTagKeys == null ? List.of() : List.copyOf(transitiveTagKeys);
        tags = copyTags(tags);
        chain = chain == null ? List.of() : List.copyOf(chain);
        if (chain.size() > MAX_CHAIN) {
            throw new IllegalArgumentException("chain has " + chain.size() + " ancestors, at most " + MAX_CHAIN);
        }
        if (webIdentity != null && !role) {
            throw new IllegalArgumentException("only a role session stems from a web identity");
        }
    }

    /** Claims by name, so that no caller lines up 25 positional arguments; unset members are null, false or 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** Names every member of the claims; {@link #build()} checks the invariants. */
    public static final class Builder {
        private SessionKind kind;
        private String accountId;
        private String accessKeyId;
        private String secretAccessKey;
        private String principalArn;
        private String principalId;
        private String roleArn;
        private String roleName;
        private String roleId;
        private String sessionName;
        private String userName;
        private Instant issuedAt;
        private Instant expiresAt;
        private String sessionPolicy;
        private List<String> sessionPolicyArns;
        private Map<String, String> tags;
        private List<String> transitiveTagKeys;
        private String sourceIdentity;
        private boolean mfaPresent;
        private Instant mfaAuthTime;
        private int chainDepth;
        private String originAccessKeyId;
        private String originPrincipalArn;
        private String parentAccessKeyId;
        private List<ChainLink> chain;
        private WebIdentity webIdentity;
        private String issuerId;

        private Builder() {
        }

        public Builder kind(SessionKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder accessKeyId(String accessKeyId) {
            this.accessKeyId = accessKeyId;
            return this;
        }

        public Builder secretAccessKey(String secretAccessKey) {
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        public Builder principalArn(String principalArn) {
            this.principalArn = principalArn;
            return this;
        }

        public Builder principalId(String principalId) {
            this.principalId = principalId;
            return this;
        }

        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        public Builder roleName(String roleName) {
            this.roleName = roleName;
            return this;
        }

        public Builder roleId(String roleId) {
            this.roleId = roleId;
            return this;
        }

        public Builder sessionName(String sessionName) {
            this.sessionName = sessionName;
            return this;
        }

        public Builder userName(String userName) {
            this.userName = userName;
            return this;
        }

        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder sessionPolicy(String sessionPolicy) {
            this.sessionPolicy = sessionPolicy;
            return this;
        }

        public Builder sessionPolicyArns(List<String> sessionPolicyArns) {
            this.sessionPolicyArns = sessionPolicyArns;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder transitiveTagKeys(List<String> transitiveTagKeys) {
            this.transitiveTagKeys = transitiveTagKeys;
            return this;
        }

        public Builder sourceIdentity(String sourceIdentity) {
            this.sourceIdentity = sourceIdentity;
            return this;
        }

        public Builder mfaPresent(boolean mfaPresent) {
            this.mfaPresent = mfaPresent;
            return this;
        }

        public Builder mfaAuthTime(Instant mfaAuthTime) {
            this.mfaAuthTime = mfaAuthTime;
            return this;
        }

        public Builder chainDepth(int chainDepth) {
            this.chainDepth = chainDepth;
            return this;
        }

        public Builder originAccessKeyId(String originAccessKeyId) {
            this.originAccessKeyId = originAccessKeyId;
            return this;
        }

        public Builder originPrincipalArn(String originPrincipalArn) {
            this.originPrincipalArn = originPrincipalArn;
            return this;
        }

        public Builder parentAccessKeyId(String parentAccessKeyId) {
            this.parentAccessKeyId = parentAccessKeyId;
            return this;
        }

        public Builder chain(List<ChainLink> chain) {
            this.chain = chain;
            return this;
        }

        /** The access key id set so far (the session's own, for claims that name it again). */
        public String accessKeyId() {
            return accessKeyId;
        }

        public Builder webIdentity(WebIdentity webIdentity) {
            this.webIdentity = webIdentity;
            return this;
        }

        public Builder issuerId(String issuerId) {
            this.issuerId = issuerId;
            return this;
        }

        public SessionClaims build() {
            return new SessionClaims(kind, accountId, accessKeyId, secretAccessKey, principalArn, principalId,
                    roleArn, roleName, roleId, sessionName, userName, issuedAt, expiresAt, sessionPolicy,
                    sessionPolicyArns, tags, transitiveTagKeys, sourceIdentity, mfaPresent, mfaAuthTime, chainDepth,
                    originAccessKeyId, originPrincipalArn, parentAccessKeyId, chain, webIdentity, issuerId);
        }
    }

    /** This session's chain of ancestors, then itself: what a session created with these claims inherits. */
    public List<ChainLink> chainWithSelf() {
        var out = new java.util.ArrayList<ChainLink>(chain.size() + 1);
        out.addAll(chain);
        out.add(new ChainLink(accessKeyId, principalArn, issuedAt, sourceIdentity));
        return out;
    }

    /** Whether the session has expired at {@code now}: expiresAt is exclusive. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    private static void requirePresence(boolean required, String value, String name, SessionKind kind) {
        if (required && value == null) {
            throw new IllegalArgumentException(name + " is required for " + kind);
        }
        if (!required && value != null) {
            throw new IllegalArgumentException(name + " must be null for " + kind);
        }
    }

    private static Instant millis(Instant instant) {
        // also fails (ArithmeticException) for an instant that epoch millis cannot carry
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }

    private static Map<String, String> copyTags(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Map.of();
        }
        var copy = new LinkedHashMap<String, String>(tags.size() * 2);
        tags.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "tag key"), Objects.requireNonNull(v, "tag value")));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "SessionClaims[kind=" + kind + ", accountId=" + accountId + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=<redacted>, principalArn=" + principalArn + ", principalId=" + principalId
                + ", roleArn=" + roleArn + ", roleName=" + roleName + ", roleId=" + roleId
                + ", sessionName=" + sessionName + ", userName=" + userName
                + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt
                + ", sessionPolicy=" + (sessionPolicy == null ? "null" : "<" + sessionPolicy.length() + " chars>")
                + ", sessionPolicyArns=" + sessionPolicyArns + ", tags=" + tags
                + ", transitiveTagKeys=" + transitiveTagKeys + ", sourceIdentity=" + sourceIdentity
                + ", mfaPresent=" + mfaPresent + ", mfaAuthTime=" + mfaAuthTime + ", chainDepth=" + chainDepth
                + ", originAccessKeyId=" + originAccessKeyId + ", originPrincipalArn=" + originPrincipalArn
                + ", parentAccessKeyId=" + parentAccessKeyId + ", chain=" + chain + ", webIdentity=" + webIdentity
                + ", issuerId=" + issuerId + "]";
    }
}

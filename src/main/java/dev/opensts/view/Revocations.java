package dev.opensts.view;

import dev.opensts.arn.Arn;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.OidcProviderUrl;
import dev.opensts.iam.VersionRule;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation index every replica holds in memory, fed from the revocations topic. Four maps,
 * each entry holding "issued before" and "drop after" as epoch millis:
 * <ul>
 *   <li>role (account and case-folded name): its sessions issued before T are revoked (the latest T wins);</li>
 *   <li>ASIA access key id: that session is revoked;</li>
 *   <li>(account, source identity): sessions carrying it, issued before T;</li>
 *   <li>principal (account, kind and case-folded name of a user, an account's root, an assumed-role
 *       session, or an OpenID Connect provider): its own sessions and the sessions it created, issued before T;</li>
 *   <li>web identity (provider and {@code sub}): the sessions it obtained, and those chained from them, whose
 *       first session was issued before T.</li>
 * </ul>
 * Every kind cascades down role chains the same way: a session is revoked when it, or any ancestor it was
 * chained from (its token lists them with their issue times), matches, each judged with its own issue time. So
 * revoking a role also revokes the sessions its sessions went on to assume, even on a replica that minted them
 * before it read the revocation.
 *
 * <p>Roles and principals are keyed by account and name, not by the ARN as written: IAM names are unique per
 * account regardless of case, and a session's ARNs carry the name in the case it was created with, so a
 * revocation naming the role without its path or in another case revokes exactly the same sessions.
 *
 * <p>An entry is dropped by {@link #sweep} once its expiresAt has passed: by then no session it could
 * match is still valid, so memory stays bounded by the revocations of the last 36 hours.
 *
 * <p>Reads are lock-free (ConcurrentHashMap); one feeder thread writes. {@link #isRevoked} costs a
 * few hash lookups per session in the chain, and none at all while nothing is revoked.
 */
public final class Revocations {
    /** issuedBefore and expiresAt, epoch millis. */
    private record Entry(long issuedBefore, long expiresAt) {
        Entry merge(Entry other) {
            return new Entry(Math.max(issuedBefore, other.issuedBefore), Math.max(expiresAt, other.expiresAt));
        }
    }

    private final Map<String, Entry> roles = new ConcurrentHashMap<>();
    /** A revoked session's key id to its expiresAt (epoch millis). */
    private final Map<String, Long> keys = new ConcurrentHashMap<>();
    private final Map<String, Entry> sourceIdentities = new ConcurrentHashMap<>();
    private final Map<String, Entry> principals = new ConcurrentHashMap<>();
    private final Map<String, Entry> webIdentities = new ConcurrentHashMap<>();
    /** The revocations applied and not yet expired, to their expiresAt (epoch millis): their streams' version is 1. */
    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final Waiters<Boolean> writers = new Waiters<>();
    private volatile int size;

    /**
     * Applies one revocation by the version rule: the first record of a revocation id applies, a later copy is
     * skipped (a revocation takes effect at its first record's time); a copy of a key revocation, idempotent,
     * applies again and changes nothing. One whose sessions have all expired by
     * {@code now} applies but leaves nothing in the index. Tells the revocation's writer, if it waits here.
     *
     * @param recordTime the time of its record on the topic: when it took effect
     * @return whether the version rule applied it
     */
    public boolean apply(EventEnvelope<Revocation> envelope, Instant recordTime, Instant now) {
        Revocation r = envelope.event();
        long version = applied.containsKey(r.streamId()) ? VersionRule.next(VersionRule.INITIAL) : VersionRule.INITIAL;
        boolean applies = VersionRule.applies(version, envelope);
        try {
            if (!applies) {
                return false;
            }
            Instant expires = r.expiresAt(recordTime);
            if (!now.isBefore(expires)) {
                return true; // nothing it could match is still valid; a later copy is ignored as expired as well
            }
            var e = new Entry(r.issuedBefore(recordTime).toEpochMilli(), expires.toEpochMilli());
            switch (r.kind()) {
                case ROLE -> roles.merge(roleKey(r.subject()), e, Entry::merge);
                case ACCESS_KEY -> keys.merge(r.subject(), e.expiresAt(), Math::max);
                case SOURCE_IDENTITY -> sourceIdentities.merge(siKey(r.accountId(), r.subject()), e, Entry::merge);
                case PRINCIPAL -> principals.merge(principalKey(r.subject()), e, Entry::merge);
                case WEB_IDENTITY -> webIdentities.merge(webIdentityKey(r.provider(), r.subject()), e, Entry::merge);
            }
            if (r.kind() != Revocation.Kind.ACCESS_KEY) {
                // a key revocation is idempotent (a set of key ids, the later expiry kept): applying a copy again
                // changes nothing, so its id is not remembered, which would double the heap of the common case
                // (one entry per revoked session: 131 bytes instead of 285). The others take effect at their
                // first record's time, so a later copy must be recognised and skipped.
                applied.put(r.streamId(), e.expiresAt());
            }
            size = size();
            return true;
        } finally {
            writers.complete(envelope.id(), applies);
        }
    }

    /**
     * Read-your-writes: register before appending the revocation with that id; completes once this index has
     * applied it. End with {@link #forget}.
     */
    public Uni<Boolean> awaitApplied(String revocationId) {
        return writers.expect(revocationId);
    }

    public void forget(String revocationId) {
        writers.forget(revocationId);
    }

    /** Whether a session, already authenticated and unexpired, or any session it was chained from, is revoked. */
    public boolean isRevoked(SessionClaims s) {
        if (size == 0) {
            return false;
        }
        List<SessionClaims.ChainLink> chain = s.chain();
        if (s.webIdentity() != null && !webIdentities.isEmpty()) {
            // every session of the chain carries the web identity: the chain is revoked when its first session was
            // issued before the line, so a descendant minted by a replica that had not read it yet is refused too
            long first = chain.isEmpty() ? s.issuedAt().toEpochMilli() : chain.get(0).issuedAt().toEpochMilli();
            if (before(webIdentities.get(webIdentityKey(s.webIdentity().providerArn(), s.webIdentity().subject())),
                    first)) {
                return true;
            }
        }
        String creator = s.originPrincipalArn();
        for (SessionClaims.ChainLink ancestor : chain) {
            if (matches(ancestor.accessKeyId(), ancestor.principalArn(), creator, ancestor.sourceIdentity(),
                    ancestor.issuedAt().toEpochMilli())) {
                return true;
            }
            creator = ancestor.principalArn();
        }
        return matches(s.accessKeyId(), s.principalArn(), creator, s.sourceIdentity(), s.issuedAt().toEpochMilli());
    }

    /**
     * One session of a chain: its key, its principal (a role session's ARN names its role), the principal that
     * created it (the long-term user or root for the first, the previous session's principal after that), the
     * source identity it carried, and its issue time.
     */
    private boolean matches(String accessKeyId, String principalArn, String creator, String sourceIdentity,
                            long issued) {
        if (!keys.isEmpty() && keys.containsKey(accessKeyId)) {
            return true;
        }
        if (!roles.isEmpty()) {
            String role = roleOfSession(principalArn);
            if (role != null && before(roles.get(role), issued)) {
                return true;
            }
        }
        // a revoked principal: the sessions it created, and its own (a role session named by its ARN, a user's or
        // root's GetSessionToken sessions)
        if (!principals.isEmpty() && (before(principals.get(principalKey(creator)), issued)
                || before(principals.get(principalKey(principalArn)), issued))) {
            return true;
        }
        return sourceIdentity != null && !sourceIdentities.isEmpty()
                && before(sourceIdentities.get(siKey(accountOf(principalArn), sourceIdentity)), issued);
    }

    private static boolean before(Entry e, long issued) {
        return e != null && issued < e.issuedBefore();
    }

    /** How often {@link #sweepIfDue} sweeps. */
    public static final java.time.Duration SWEEP_EVERY = java.time.Duration.ofMinutes(1);
    private long lastSweep = Long.MIN_VALUE;

    /** Sweeps when {@link #SWEEP_EVERY} has passed since the last sweep (the first call only notes the time). */
    public int sweepIfDue(Instant now) {
        long t = now.toEpochMilli();
        if (lastSweep == Long.MIN_VALUE) {
            lastSweep = t;
            return 0;
        }
        if (t - lastSweep < SWEEP_EVERY.toMillis()) {
            return 0;
        }
        lastSweep = t;
        return sweep(now);
    }

    /** Drops every entry whose expiresAt has passed; answers how many went. */
    public int sweep(Instant now) {
        long t = now.toEpochMilli();
        int before = size();
        roles.values().removeIf(e -> e.expiresAt() <= t);
        keys.values().removeIf(x -> x <= t);
        sourceIdentities.values().removeIf(e -> e.expiresAt() <= t);
        principals.values().removeIf(e -> e.expiresAt() <= t);
        webIdentities.values().removeIf(e -> e.expiresAt() <= t);
        applied.values().removeIf(x -> x <= t);
        size = size();
        return before - size;
    }

    /**
     * Every entry the index holds, in one comparable form ({@code KIND KEY} to {@code issuedBefore..expiresAt} in
     * epoch millis; a key revocation has only its expiry), and the ids of the revocations it remembers: for the
     * consistency checker, which compares this index with one rebuilt from the topic.
     */
    public java.util.SortedMap<String, String> entries() {
        var out = new java.util.TreeMap<String, String>();
        roles.forEach((k, e) -> out.put("role " + k, e.issuedBefore() + ".." + e.expiresAt()));
        keys.forEach((k, x) -> out.put("access-key " + k, ".." + x));
        sourceIdentities.forEach((k, e) -> out.put("source-identity " + k, e.issuedBefore() + ".." + e.expiresAt()));
        principals.forEach((k, e) -> out.put("principal " + k, e.issuedBefore() + ".." + e.expiresAt()));
        webIdentities.forEach((k, e) -> out.put("web-identity " + k, e.issuedBefore() + ".." + e.expiresAt()));
        applied.forEach((k, x) -> out.put("applied " + k, ".." + x));
        return out;
    }

    /** Entries held, all kinds together. */
    public int size() {
        return roles.size() + keys.size() + sourceIdentities.size() + principals.size() + webIdentities.size();
    }

    // ---- keys: account and case-folded name, whatever the path or case an ARN was written with ---------------

    /** "ACCOUNT:role/name" for a role ARN (arn:aws:iam::ACCOUNT:role/PATH/NAME); the text itself otherwise. */
    static String roleKey(String roleArn) {
        Arn a = Arn.parse(roleArn);
        if (a == null || !a.resource().startsWith("role/")) {
            return roleArn;
        }
        return a.account() + ":role/" + a.name().toLowerCase(Locale.ROOT);
    }

    /** The role key of an assumed-role session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION); else null. */
    static String roleOfSession(String principalArn) {
        Arn a = Arn.parse(principalArn);
        String role = a == null ? null : a.assumedRoleName();
        return role == null ? null : a.account() + ":role/" + role.toLowerCase(Locale.ROOT);
    }

    /**
     * A principal by account, kind and name: "ACCOUNT:user/name" (any path and case), "ACCOUNT:assumed-role/role/
     * SESSION" (the role name case-folded, the session name as it is: session names are case-sensitive),
     * "ACCOUNT:root"; any other text as it is.
     */
    static String principalKey(String arn) {
        Arn a = Arn.parse(arn);
        if (a == null) {
            return arn;
        }
        if (a.resource().startsWith("user/")) {
            return a.account() + ":user/" + a.name().toLowerCase(Locale.ROOT);
        }
        String role = a.assumedRoleName();
        if (role != null) {
            return a.account() + ":assumed-role/" + role.toLowerCase(Locale.ROOT)
                    + a.resource().substring("assumed-role/".length() + role.length());
        }
        if (a.resource().equals("root")) {
            return a.account() + ":root";
        }
        String provider = a.oidcProviderUrl();
        return provider != null ? a.account() + ":oidc-provider/" + OidcProviderUrl.key(provider) : arn;
    }

    /** A web identity: its provider (by {@link #principalKey}) and its {@code sub}, exactly. */
    static String webIdentityKey(String providerArn, String subject) {
        return principalKey(providerArn) + '\n' + subject;
    }

    private static String siKey(String account, String sourceIdentity) {
        return account + '\n' + sourceIdentity;
    }

    private static String accountOf(String arn) {
        Arn a = Arn.parse(arn);
        return a == null ? "" : a.account();
    }
}

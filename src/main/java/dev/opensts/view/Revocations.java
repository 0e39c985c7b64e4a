package dev.opensts.view;

import dev.opensts.credentials.SessionClaims;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation index every replica holds in memory, fed from the revocations topic. Four maps,
 * each entry holding "issued before" and "drop after" as epoch millis:
 * <ul>
 *   <li>role ARN: sessions of the role issued before T are revoked (the latest T wins);</li>
 *   <li>ASIA access key id: that session is revoked, and so is every session chained from it;</li>
 *   <li>(account, source identity): sessions carrying it, issued before T;</li>
 *   <li>principal ARN (user or assumed-role session): sessions it created, directly or through a
 *       chain, issued before T.</li>
 * </ul>
 * An entry is dropped by {@link #sweep} once its expiresAt has passed: by then no session it could
 * match is still valid, so memory stays bounded by the revocations of the last 36 hours.
 *
 * <p>Reads are lock-free (ConcurrentHashMap); one feeder thread writes. {@link #isRevoked} costs a
 * few hash lookups per request, and none at all while nothing is revoked.
 */
public final class Revocations {
    /** issuedBefore and expiresAt, epoch millis; 24 bytes of heap plus the map's node. */
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
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private volatile int size;

    /** Applies one revocation (idempotent: applying it twice changes nothing). Ignores expired ones. */
    public void apply(Revocation r, Instant now) {
        try {
            if (!now.isBefore(r.expiresAt())) {
                return;
            }
            var e = new Entry(r.issuedBefore().toEpochMilli(), r.expiresAt().toEpochMilli());
            switch (r.kind()) {
                case ROLE -> roles.merge(r.subject(), e, Entry::merge);
                case ACCESS_KEY -> keys.merge(r.subject(), e.expiresAt(), Math::max);
                case SOURCE_IDENTITY -> sourceIdentities.merge(siKey(r.accountId(), r.subject()), e, Entry::merge);
                case PRINCIPAL -> principals.merge(r.subject(), e, Entry::merge);
            }
            size = roles.size() + keys.size() + sourceIdentities.size() + principals.size();
        } finally {
            CompletableFuture<Void> w = waiting.remove(r.revocationId());
            if (w != null) {
                w.complete(null);
            }
        }
    }

    /** Completes once the revocation with that id has been applied here (read-your-writes). */
    public CompletableFuture<Void> awaitApplied(String revocationId) {
        return waiting.computeIfAbsent(revocationId, id -> new CompletableFuture<>());
    }

    public void forget(String revocationId) {
        waiting.remove(revocationId);
    }

    /** Whether a session, already authenticated and unexpired, has been revoked. */
    public boolean isRevoked(SessionClaims s) {
        if (size == 0) {
            return false;
        }
        long issued = s.issuedAt().toEpochMilli();
        if (s.roleArn() != null && before(roles.get(s.roleArn()), issued)) {
            return true;
        }
        if (!keys.isEmpty()) {
            if (keys.containsKey(s.accessKeyId()) || keys.containsKey(s.parentAccessKeyId())
                    || keys.containsKey(s.originAccessKeyId())) {
                return true;
            }
            for (SessionClaims.ChainLink link : s.chain()) {
                if (keys.containsKey(link.accessKeyId())) {
                    return true;
                }
            }
        }
        if (s.sourceIdentity() != null && !sourceIdentities.isEmpty()
                && before(sourceIdentities.get(siKey(s.accountId(), s.sourceIdentity())), issued)) {
            return true;
        }
        if (!principals.isEmpty()) {
            if (before(principals.get(s.originPrincipalArn()), issued)) {
                return true;
            }
            for (SessionClaims.ChainLink link : s.chain()) {
                if (before(principals.get(link.principalArn()), issued)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean before(Entry e, long issued) {
        return e != null && issued < e.issuedBefore();
    }

    /** Drops every entry whose expiresAt has passed; answers how many went. */
    public int sweep(Instant now) {
        long t = now.toEpochMilli();
        int before = size();
        roles.values().removeIf(e -> e.expiresAt() <= t);
        keys.values().removeIf(x -> x <= t);
        sourceIdentities.values().removeIf(e -> e.expiresAt() <= t);
        principals.values().removeIf(e -> e.expiresAt() <= t);
        size = roles.size() + keys.size() + sourceIdentities.size() + principals.size();
        return before - size;
    }

    /** Entries held, all kinds together. */
    public int size() {
        return roles.size() + keys.size() + sourceIdentities.size() + principals.size();
    }

    private static String siKey(String account, String sourceIdentity) {
        return account + '\n' + sourceIdentity;
    }
}

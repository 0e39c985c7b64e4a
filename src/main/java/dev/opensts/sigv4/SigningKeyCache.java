package dev.opensts.sigv4;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Derived signing keys per (secret, date, region, service): deriving costs four HMACs, and one key serves
 * every request of that principal for the day. Bounded LRU, thread-safe.
 *
 * <p>The secret itself is never stored: entries are keyed on HMAC-SHA256(per-instance random salt, secret),
 * so a heap dump shows neither the secret nor a digest that could be matched against other systems.
 */
public final class SigningKeyCache {

    private final int maxEntries;
    private final byte[] salt = new byte[32];
    private final LinkedHashMap<Key, byte[]> entries;

    private record Key(String secretDigest, String date, String region, String service) {
    }

    /** @param maxEntries upper bound on cached keys; 0 disables caching */
    public SigningKeyCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be >= 0");
        }
        this.maxEntries = maxEntries;
        new SecureRandom().nextBytes(salt);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
                return size() > SigningKeyCache.this.maxEntries;
            }
        };
    }

    /** The SigV4 signing key; a fresh copy each call, so callers may wipe it. */
    byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        Key key = new Key(Crypto.hex(Crypto.hmac(salt, secretAccessKey)), date, region, service);
        byte[] cached;
        synchronized (entries) {
            cached = entries.get(key);
        }
        if (cached == null) {
            // Derived outside the lock: two threads may both derive, which is harmless and keeps the lock short.
            cached = Crypto.deriveSigningKey(secretAccessKey, date, region, service);
            if (maxEntries > 0) {
                synchronized (entries) {
                    entries.put(key, cached);
                }
            }
        }
        return cached.clone();
    }

    /** Number of keys currently held. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** Drops every cached key, e.g. after a secret rotation. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    @Override
    public String toString() {
        return "SigningKeyCache[size=" + size() + ", max=" + maxEntries + "]";
    }
}

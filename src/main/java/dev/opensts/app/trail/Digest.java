package dev.opensts.app.trail;

import java.time.Instant;

/**
 * The signed digest of one window of the audit index: how many records it held, the hash over them (each record's
 * SHA-256, in index order), chained to the previous window's digest, and an HMAC-SHA256 over the digest with a key
 * derived from the key ring key {@code keyId}.
 *
 * @param previousDigest the previous window's {@code digest}, or empty for the first window
 */
public record Digest(Instant windowStart, Instant windowEnd, int recordCount, String recordsHash,
                     String previousDigest, String digest, String keyId, String signature) {
}

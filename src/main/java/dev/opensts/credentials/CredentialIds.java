package dev.opensts.credentials;

import java.security.SecureRandom;
import java.util.function.Predicate;

/**
 * Identifiers in AWS's shapes: a four-letter prefix (AKIA long-term key, ASIA temporary key, AIDA
 * user, AROA role, ANPA managed policy) and base32 characters. User, role and policy ids are 20
 * characters with 80 random bits. Access key ids are 28 characters (IAM's model allows 16 to 128):
 * the prefix, 8 characters of account number (40 bits, so GetAccessKeyInfo answers without a
 * lookup) and 16 random characters, 80 bits, as many as AWS's own 16 characters after the prefix
 * could carry. Collisions: within one account, n keys share an id with probability about
 * n^2 / 2^81, 4 x 10^-13 for a million keys; long-term keys are also checked against the ones that
 * exist ({@link #accessKeyId(String, String, Predicate)}). Ids of the earlier 20-character form
 * (40 random bits) keep working.
 */
public final class CredentialIds {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final char[] LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SecureRandom random;

    public CredentialIds(SecureRandom random) {
        this.random = random;
    }

    public String accessKeyId(String prefix, String accountId) {
        long account = Long.parseLong(accountId);
        return prefix + base32(account, 8) + base32(random40(), 8) + base32(random40(), 8);
    }

    /** A fresh access key id that {@code taken} does not report as in use (long-term keys, which are stored). */
    public String accessKeyId(String prefix, String accountId, Predicate<String> taken) {
        for (int attempt = 0; attempt < 8; attempt++) {
            String id = accessKeyId(prefix, accountId);
            if (!taken.test(id)) {
                return id;
            }
        }
        throw new IllegalStateException("eight access key ids drawn in a row were taken: the random source is broken");
    }

    /** {@code n} random bytes: a virtual MFA device's seed (160 bits, as RFC 4226 recommends). */
    public byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A unique id with no meaning: user, role, policy ids. */
    public String uniqueId(String prefix) {
        return prefix + base32(random40(), 8) + base32(random40(), 8);
    }

    /** An EKS Pod Identity association id: {@code a-} and 17 lower-case letters and digits (about 88 bits). */
    public String associationId() {
        return "a-" + lowerAlphanumeric(17);
    }

    /** {@code n} characters drawn uniformly from the lower-case letters and digits (bytes of 252 and above redrawn). */
    public String lowerAlphanumeric(int n) {
        char[] out = new char[n];
        byte[] b = new byte[n + 8];
        int o = 0;
        while (o < n) {
            random.nextBytes(b);
            for (int i = 0; i < b.length && o < n; i++) {
                int v = b[i] & 0xFF;
                if (v < 252) { // 252 = 7 * 36: every character equally likely
                    out[o++] = LOWER_ALPHANUMERIC[v % 36];
                }
            }
        }
        return new String(out);
    }

    /** An id for an event or a revocation: a random (version 4) UUID drawn from this source. */
    public String eventId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        return new java.util.UUID(hi, lo).toString();
    }

    /** A random 12-digit account id (leading zeros kept). */
    public String accountId() {
        long v = 0;
        for (int i = 0; i < 3; i++) {
            v = (v << 20) | (random40() & 0xFFFFF);
        }
        return String.format("%012d", Math.floorMod(v, 1_000_000_000_000L));
    }

    /**
     * 40 random bits from one 5-byte draw. (SecureRandom.nextLong is two draws of 4 bytes, each a
     * full DRBG generate call, for the 40 bits used.)
     */
    private long random40() {
        byte[] b = new byte[5];
        random.nextBytes(b);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    /** A 40-character secret access key: 240 random bits, 6 per character, from one draw. */
    public String secret() {
        byte[] bits = new byte[30];
        random.nextBytes(bits);
        char[] out = new char[40];
        for (int i = 0, o = 0; i < bits.length; i += 3) {
            int v = ((bits[i] & 0xFF) << 16) | ((bits[i + 1] & 0xFF) << 8) | (bits[i + 2] & 0xFF);
            out[o++] = SECRET_ALPHABET[(v >>> 18) & 63];
            out[o++] = SECRET_ALPHABET[(v >>> 12) & 63];
            out[o++] = SECRET_ALPHABET[(v >>> 6) & 63];
            out[o++] = SECRET_ALPHABET[v & 63];
        }
        return new String(out);
    }

    /** The 12-digit account an access key id was minted for, or null when it is not one of ours. */
    public static String accountOf(String accessKeyId) {
        if (accessKeyId == null || (accessKeyId.length() != 28 && accessKeyId.length() != 20)) {
            return null;
        }
        long value = 0;
        for (int i = 4; i < 12; i++) {
            int digit = indexOf(accessKeyId.charAt(i));
            if (digit < 0) {
                return null;
            }
            value = (value << 5) | digit;
        }
        return value > 999_999_999_999L ? null : String.format("%012d", value);
    }

    private static int indexOf(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '2' && c <= '7') {
            return 26 + c - '2';
        }
        return -1;
    }

    private static String base32(long value, int chars) {
        char[] out = new char[chars];
        for (int i = chars - 1; i >= 0; i--) {
            out[i] = BASE32[(int) (value & 31)];
            value >>>= 5;
        }
        return new String(out);
    }
}

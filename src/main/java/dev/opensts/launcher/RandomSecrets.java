package dev.opensts.launcher;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generated credentials in the shapes the service expects: a root access key id and secret, a key-ring
 * entry, and lowercase tokens (the admin token, PostgreSQL's password, names). The launcher generates them
 * for a local run ({@link LocalSecrets}); the integration tests for each of their deployments.
 */
public final class RandomSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final char[] LOWER = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private RandomSecrets() {
    }

    /** "AKIA" + 16 base32 characters: 20 characters, like an AWS access key id. */
    public static String accessKeyId() {
        return "AKIA" + random(BASE32, 16);
    }

    /** 40 characters of [A-Za-z0-9+/], like an AWS secret access key. */
    public static String secretAccessKey() {
        return random(SECRET, 40);
    }

    /** Base64 of 32 random bytes, for OPENSTS_KEYRING entries. */
    public static String keyringKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** {@code n} characters of [a-z0-9]: safe unquoted in SQL, shell and URLs (40 of them: about 206 bits). */
    public static String lowercase(int n) {
        return random(LOWER, n);
    }

    private static String random(char[] alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet[RANDOM.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }
}

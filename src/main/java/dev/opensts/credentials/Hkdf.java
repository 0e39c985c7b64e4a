package dev.opensts.credentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), for the key ring's sub-keys: the JDK 21 this service targets has no KDF API
 * (javax.crypto.KDF arrived in JDK 24), and the construction is two HMAC calls. HkdfTest checks it against the
 * RFC's SHA-256 test vectors.
 */
final class Hkdf {
    private static final int HASH_LEN = 32;
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    });

    private Hkdf() {
    }

    /** {@code length} bytes of output keying material (at most 255 * 32). */
    static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output length " + length);
        }
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt, ikm, null, -1);
    }

    static byte[] expand(byte[] prk, byte[] info, int length) {
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            byte[] previous = block;
            block = hmac(prk, previous, info, i);
            Arrays.fill(previous, (byte) 0);
            int n = Math.min(HASH_LEN, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        Arrays.fill(block, (byte) 0);
        return out;
    }

    /** HMAC(key, a | b | counter), b and the counter byte only when given (b non-null, counter >= 0). */
    private static byte[] hmac(byte[] key, byte[] a, byte[] b, int counter) {
        Mac mac = MACS.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        mac.update(a);
        if (b != null) {
            mac.update(b);
        }
        if (counter >= 0) {
            mac.update((byte) counter);
        }
        return mac.doFinal();
    }
}

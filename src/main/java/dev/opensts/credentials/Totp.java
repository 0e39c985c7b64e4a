package dev.opensts.credentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Time-based one-time passwords as RFC 6238 defines them with HMAC-SHA1 (RFC 4226's HOTP over the number of
 * 30-second steps since the epoch), as virtual MFA devices compute them. Pure: the time is always given, never read.
 * A code is matched in its step and one step either side (RFC 6238 section 5.2's allowance for clock drift and
 * transmission delay); the caller refuses a step it has already accepted, so that each code is used once.
 */
public final class Totp {
    /** RFC 6238's default time step. */
    public static final int STEP_SECONDS = 30;
    /** The digits of a code, as AWS's authenticationCodeType has them. */
    public static final int DIGITS = 6;
    /** Steps accepted either side of the current one. */
    public static final int WINDOW = 1;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    /** The time step an instant falls in (T in RFC 6238, with T0 = 0). */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of a step, zero-padded to {@code digits} (RFC 4226 section 5.3's dynamic truncation). */
    public static String code(byte[] seed, long step, int digits) {
        if (digits < 1 || digits >= POWERS.length) {
            throw new IllegalArgumentException("digits must be 1 to 8");
        }
        byte[] h = hmacSha1(seed, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        int offset = h[h.length - 1] & 0x0F;
        int binary = ((h[offset] & 0x7F) << 24) | ((h[offset + 1] & 0xFF) << 16) | ((h[offset + 2] & 0xFF) << 8)
                | (h[offset + 3] & 0xFF);
        String s = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - s.length()) + s;
    }

    /** The six-digit code of a step. */
    public static String code(byte[] seed, long step) {
        return code(seed, step, DIGITS);
    }

    /**
     * The step, among {@code now}'s and {@value #WINDOW} either side, whose code is {@code code} and which comes
     * after {@code lastUsedStep}; empty when there is none (a wrong code, a code of the wrong form, or one already
     * used or older than one used). Compares in constant time per step.
     *
     * @param lastUsedStep the last step accepted for this device, or {@link Long#MIN_VALUE} when none
     */
    public static OptionalLong match(byte[] seed, String code, Instant now, long lastUsedStep) {
        if (!wellFormed(code)) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long current = step(now);
        long found = Long.MIN_VALUE;
        for (long s = current - WINDOW; s <= current + WINDOW; s++) {
            byte[] expected = code(seed, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given) && s > lastUsedStep && found == Long.MIN_VALUE) {
                found = s;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** Whether a code is six ASCII digits. */
    public static boolean wellFormed(String code) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from the JDK", e);
        }
    }
}

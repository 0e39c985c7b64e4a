package dev.opensts.credentials;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * AES-256-GCM keys by id. The first key seals; every key opens, so a key can be rotated in front
 * and the old one kept until nothing sealed under it remains. Sealed text is
 * {@code keyId.base64url(nonce | ciphertext | tag)}; the associated data binds it to its context
 * (an access key id), so a sealed secret moved to another key id does not open.
 */
public final class KeyRing {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys;
    private final String currentId;
    private final SecureRandom random;
    /** Cipher.getInstance walks the provider list on every call; one instance per thread avoids it. */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(KeyRing::newCipher);

    public KeyRing(Map<String, byte[]> keysInOrder, SecureRandom random) {
        if (keysInOrder.isEmpty()) {
            throw new IllegalArgumentException("the key ring needs at least one key");
        }
        var copy = new LinkedHashMap<String, SecretKeySpec>();
        keysInOrder.forEach((id, bytes) -> {
            if (bytes.length != 32) {
                throw new IllegalArgumentException("key " + id + " must be 32 bytes, got " + bytes.length);
            }
            if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
                throw new IllegalArgumentException("key id must be 1-16 of [A-Za-z0-9_-]: " + id);
            }
            copy.put(id, new SecretKeySpec(bytes, "AES"));
        });
        this.keys = Map.copyOf(copy);
        this.currentId = copy.keySet().iterator().next();
        this.random = random;
    }

    /** Parses {@code id=base64,id2=base64}; the first entry is the current key. */
    public static KeyRing parse(String spec, SecureRandom random) {
        var keys = new LinkedHashMap<String, byte[]>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("key ring entries look like id=base64key");
            }
            keys.put(trimmed.substring(0, eq), Base64.getDecoder().decode(trimmed.substring(eq + 1)));
        }
        return new KeyRing(keys, random);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public String currentKeyId() {
        return currentId;
    }

    public String seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return currentId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public String sealString(String plaintext, String associatedData) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData);
    }

    /** Empty when the text is malformed, names an unknown key, or fails authentication. */
    public Optional<byte[]> open(String sealedText, String associatedData) {
        int dot = sealedText.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        SecretKeySpec key = keys.get(sealedText.substring(0, dot));
        if (key == null) {
            return Optional.empty();
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealedText.substring(dot + 1));
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                return Optional.empty();
            }
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Optional.of(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    public Optional<String> openString(String sealedText, String associatedData) {
        return open(sealedText, associatedData).map(b -> new String(b, StandardCharsets.UTF_8));
    }
}

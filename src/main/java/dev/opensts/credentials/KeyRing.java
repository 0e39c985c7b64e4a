package dev.opensts.credentials;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * AES-256-GCM keys by id. The first key seals; every key opens, so a key can be rotated in front
 * and the old one kept until nothing sealed under it remains (stored secrets are re-sealed under the
 * current key, see {@link #needsReseal}). The associated data binds a sealed text to its context
 * (an access key id), so a sealed secret moved to another key id does not open.
 *
 * <p>Sealed text, current form: {@code keyId~base64url(salt | nonce | ciphertext | tag)}. The ring
 * key never encrypts itself: each sealing thread derives a sub-key, HKDF-SHA256(ring key, a fresh
 * 24-byte random salt, "opensts seal v2"), seals at most 2^20 messages with it under counter nonces
 * (never repeated under that sub-key), then derives the next. Random 96-bit nonces under one key (the
 * older form) must stay below about 2^32 messages (NIST SP 800-38D); here nonces cannot repeat under a
 * sub-key, and two sub-keys coincide only if two 192-bit salts do: after 2^64 sub-keys (2^84 messages)
 * that is about 2^-65 likely. Opening derives a text's sub-key from its salt, and keeps recently used
 * sub-keys, so that a derivation is paid once per sub-key, not per message. The older form
 * {@code keyId.base64url(nonce | ciphertext | tag)} still opens.
 */
public final class KeyRing {
    private static final int NONCE_BYTES = 12;
    private static final int SALT_BYTES = 24;
    private static final int TAG_BITS = 128;
    private static final byte[] KDF_INFO = "opensts seal v2".getBytes(StandardCharsets.UTF_8);
    /** Bytes a sealed message has beyond its plaintext, before base64: salt, nonce and tag. */
    public static final int OVERHEAD = SALT_BYTES + NONCE_BYTES + TAG_BITS / 8;
    /** Messages one sealing sub-key seals before the next is derived. */
    static final long MESSAGES_PER_SUBKEY = 1L << 20;
    /** Sub-keys kept for opening; beyond, the cache starts over (a derivation costs two HMACs). */
    private static final int OPEN_CACHE = 4096;
    /** Separates the key id from the sealed bytes in the current form; never in a key id or base64url. */
    private static final char FORM_2 = '~';

    private final Map<String, SecretKeySpec> keys;
    private final Map<String, byte[]> rawKeys;
    private final String currentId;
    private final SecureRandom random;
    /** Cipher.getInstance walks the provider list on every call; one instance per thread avoids it. */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(KeyRing::newCipher);
    /** This thread's sealing sub-key. */
    private final ThreadLocal<SubKey> sealing = new ThreadLocal<>();
    /** Sub-keys of recently opened texts, by ring key id and salt. */
    private final java.util.concurrent.ConcurrentHashMap<String, SecretKeySpec> opening =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A sealing sub-key: its ring key, salt and derived key, and how many nonces it has used. */
    private static final class SubKey {
        final String ringKeyId;
        final byte[] salt;
        final SecretKeySpec key;
        long used;

        SubKey(String ringKeyId, byte[] salt, SecretKeySpec key) {
            this.ringKeyId = ringKeyId;
            this.salt = salt;
            this.key = key;
        }
    }

    public KeyRing(Map<String, byte[]> keysInOrder, SecureRandom random) {
        if (keysInOrder.isEmpty()) {
            throw new IllegalArgumentException("the key ring needs at least one key");
        }
        var copy = new LinkedHashMap<String, SecretKeySpec>();
        var raw = new LinkedHashMap<String, byte[]>();
        keysInOrder.forEach((id, bytes) -> {
            if (bytes.length != 32) {
                throw new IllegalArgumentException("key " + id + " must be 32 bytes, got " + bytes.length);
            }
            if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
                throw new IllegalArgumentException("key id must be 1-16 of [A-Za-z0-9_-]: " + id);
            }
            copy.put(id, new SecretKeySpec(bytes, "AES"));
            raw.put(id, bytes.clone());
        });
        this.keys = Map.copyOf(copy);
        this.rawKeys = Map.copyOf(raw);
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

    /**
     * A 32-byte key for {@code purpose} (not sealing), derived with HKDF from the ring key {@code keyId}; empty when
     * the ring has no such key. The same ring key and purpose always give the same key.
     */
    public Optional<byte[]> derivedKey(String keyId, String purpose) {
        byte[] raw = rawKeys.get(keyId);
        return raw == null ? Optional.empty() : Optional.of(Hkdf.derive(raw, new byte[32],
                ("open-sts " + purpose).getBytes(StandardCharsets.UTF_8), 32));
    }

    public String currentKeyId() {
        return currentId;
    }

    public String seal(byte[] plaintext, String associatedData) {
        SubKey k = sealing.get();
        if (k == null || !k.ringKeyId.equals(currentId) || k.used >= MESSAGES_PER_SUBKEY) {
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            k = new SubKey(currentId, salt, derive(currentId, salt));
            sealing.set(k);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        long counter = k.used++;
        for (int i = 0; i < 8; i++) {
            nonce[NONCE_BYTES - 1 - i] = (byte) (counter >>> (8 * i));
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, k.key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[SALT_BYTES + NONCE_BYTES + sealed.length];
            System.arraycopy(k.salt, 0, out, 0, SALT_BYTES);
            System.arraycopy(nonce, 0, out, SALT_BYTES, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, SALT_BYTES + NONCE_BYTES, sealed.length);
            return currentId + FORM_2 + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The sub-key of a ring key and a salt. */
    private SecretKeySpec derive(String ringKeyId, byte[] salt) {
        byte[] derived = Hkdf.derive(rawKeys.get(ringKeyId), salt, KDF_INFO, 32);
        try {
            return new SecretKeySpec(derived, "AES");
        } finally {
            Arrays.fill(derived, (byte) 0); // SecretKeySpec keeps its own copy
        }
    }

    /** The sub-key a sealed text names by its salt, derived once and then kept. */
    private SecretKeySpec openingKey(String ringKeyId, byte[] in) {
        String id = ringKeyId + '~' + Base64.getEncoder().encodeToString(Arrays.copyOf(in, SALT_BYTES));
        SecretKeySpec key = opening.get(id);
        if (key == null) {
            if (opening.size() >= OPEN_CACHE) {
                opening.clear();
            }
            key = derive(ringKeyId, Arrays.copyOf(in, SALT_BYTES));
            opening.put(id, key);
        }
        return key;
    }

    public String sealString(String plaintext, String associatedData) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData);
    }

    /** Empty when the text is malformed, names an unknown key, or fails authentication. */
    public Optional<byte[]> open(String sealedText, String associatedData) {
        int sep = separator(sealedText);
        if (sep <= 0) {
            return Optional.empty();
        }
        String keyId = sealedText.substring(0, sep);
        byte[] key = rawKeys.get(keyId);
        if (key == null) {
            return Optional.empty();
        }
        boolean derived = sealedText.charAt(sep) == FORM_2;
        int prefix = derived ? SALT_BYTES + NONCE_BYTES : NONCE_BYTES;
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealedText.substring(sep + 1));
            if (in.length < prefix + TAG_BITS / 8) {
                return Optional.empty();
            }
            Cipher cipher = ciphers.get();
            if (derived) {
                cipher.init(Cipher.DECRYPT_MODE, openingKey(keyId, in),
                        new GCMParameterSpec(TAG_BITS, in, SALT_BYTES, NONCE_BYTES));
            } else {
                cipher.init(Cipher.DECRYPT_MODE, keys.get(keyId), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            }
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Optional.of(cipher.doFinal(in, prefix, in.length - prefix));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a sealed text should be sealed again: it names a key other than the current one (which may be
     * removed from the ring once nothing needs it), or it is in the older form.
     */
    public boolean needsReseal(String sealedText) {
        int sep = separator(sealedText);
        return sep <= 0 || sealedText.charAt(sep) != FORM_2 || !sealedText.substring(0, sep).equals(currentId);
    }

    /** Whether the ring holds the key a sealed text names. */
    public boolean holdsKeyOf(String sealedText) {
        int sep = separator(sealedText);
        return sep > 0 && keys.containsKey(sealedText.substring(0, sep));
    }

    /** The index of the '~' or '.' after the key id; -1 when there is none. */
    private static int separator(String sealedText) {
        if (sealedText == null) {
            return -1;
        }
        for (int i = 0; i < sealedText.length() && i <= 16; i++) {
            char c = sealedText.charAt(i);
            if (c == FORM_2 || c == '.') {
                return i;
            }
        }
        return -1;
    }

    /** The id of the key a sealed text names (for logs: an id is not a secret); "?" when it names none. */
    public static String keyIdOf(String sealedText) {
        int sep = separator(sealedText);
        return sep <= 0 ? "?" : sealedText.substring(0, sep);
    }

    public Optional<String> openString(String sealedText, String associatedData) {
        return open(sealedText, associatedData).map(b -> new String(b, StandardCharsets.UTF_8));
    }
}

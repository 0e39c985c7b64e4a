package dev.opensts.credentials;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRingTest {
    private static final String AAD = "AKIAEXAMPLE000000001";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    private static KeyRing ring(String spec) {
        return KeyRing.parse(spec, new SecureRandom());
    }

    private final KeyRing k1 = ring("k1=" + key(1));

    @Test
    void seal_then_open() {
        String sealed = k1.sealString(SECRET, AAD);
        assertThat(sealed).startsWith("k1~").doesNotContain(SECRET).matches("k1~[A-Za-z0-9_-]+");
        assertThat(k1.openString(sealed, AAD)).contains(SECRET);
    }

    @Test
    void sealed_text_has_salt_nonce_ciphertext_and_tag() {
        String sealed = k1.sealString(SECRET, AAD);
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(3));
        assertThat(raw).hasSize(24 + 12 + SECRET.length() + 16);
    }

    @Test
    void a_thread_seals_under_one_sub_key_with_nonces_that_never_repeat() {
        var nonces = new java.util.HashSet<String>();
        var salts = new java.util.HashSet<String>();
        for (int i = 0; i < 1000; i++) {
            byte[] raw = Base64.getUrlDecoder().decode(k1.sealString(SECRET, AAD).substring(3));
            salts.add(java.util.HexFormat.of().formatHex(raw, 0, 24));
            assertThat(nonces.add(java.util.HexFormat.of().formatHex(raw, 24, 36))).as("nonce %d", i).isTrue();
        }
        assertThat(salts).as("one sub-key for this thread's first 2^20 messages").hasSize(1);
        // another thread derives its own sub-key
        String[] other = new String[1];
        Thread t = Thread.ofPlatform().start(() -> other[0] = k1.sealString(SECRET, AAD));
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        byte[] raw = Base64.getUrlDecoder().decode(other[0].substring(3));
        assertThat(salts).doesNotContain(java.util.HexFormat.of().formatHex(raw, 0, 24));
        assertThat(k1.openString(other[0], AAD)).contains(SECRET);
    }

    @Test
    void the_ring_key_never_encrypts_a_sub_key_derived_from_the_salt_does() throws Exception {
        String sealed = k1.sealString(SECRET, AAD);
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(3));
        var nonce = new javax.crypto.spec.GCMParameterSpec(128, raw, 24, 12);
        var cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.DECRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(key(1)), "AES"), nonce);
        cipher.updateAAD(AAD.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> cipher.doFinal(raw, 36, raw.length - 36))
                .isInstanceOf(javax.crypto.AEADBadTagException.class);
        // the same derivation the ring uses opens it
        byte[] subKey = Hkdf.derive(Base64.getDecoder().decode(key(1)), java.util.Arrays.copyOf(raw, 24),
                "opensts seal v2".getBytes(StandardCharsets.UTF_8), 32);
        cipher.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(subKey, "AES"), nonce);
        cipher.updateAAD(AAD.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(cipher.doFinal(raw, 36, raw.length - 36), StandardCharsets.UTF_8)).isEqualTo(SECRET);
    }

    /** The previous form: the ring key itself, a random 96-bit nonce, "id." before the bytes. */
    private static String sealFormerly(String keyBase64, String keyId, String plaintext) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        var cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(keyBase64), "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        cipher.updateAAD(AAD.getBytes(StandardCharsets.UTF_8));
        byte[] ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[12 + ct.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(ct, 0, out, 12, ct.length);
        return keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    @Test
    void the_previous_form_still_opens_and_asks_to_be_sealed_again() throws Exception {
        String former = sealFormerly(key(1), "k1", SECRET);
        assertThat(k1.openString(former, AAD)).contains(SECRET);
        assertThat(k1.open(former, "other")).isEmpty();
        assertThat(k1.needsReseal(former)).isTrue();
        assertThat(k1.needsReseal(k1.sealString(SECRET, AAD))).isFalse();
        KeyRing rotated = ring("k2=" + key(2) + ",k1=" + key(1));
        String underK1 = k1.sealString(SECRET, AAD);
        assertThat(rotated.needsReseal(underK1)).as("sealed under a key that is no longer current").isTrue();
        assertThat(rotated.holdsKeyOf(underK1)).isTrue();
        assertThat(ring("k2=" + key(2)).holdsKeyOf(underK1)).isFalse();
        assertThat(KeyRing.keyIdOf(underK1)).isEqualTo("k1");
        assertThat(KeyRing.keyIdOf(former)).isEqualTo("k1");
        assertThat(KeyRing.keyIdOf("junk")).isEqualTo("?");
    }

    @Test
    void every_seal_uses_a_fresh_nonce() {
        assertThat(k1.sealString(SECRET, AAD)).isNotEqualTo(k1.sealString(SECRET, AAD));
    }

    @Test
    void binary_and_empty_plaintexts() {
        byte[] bytes = {0, 1, (byte) 0xff};
        assertThat(k1.open(k1.seal(bytes, AAD), AAD)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        assertThat(k1.open(k1.seal(new byte[0], AAD), AAD)).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void other_associated_data_does_not_open() {
        String sealed = k1.sealString(SECRET, AAD);
        assertThat(k1.open(sealed, "AKIAEXAMPLE000000002")).isEmpty();
        assertThat(k1.open(sealed, "")).isEmpty();
    }

    @Test
    void tampered_text_does_not_open() {
        String sealed = k1.sealString(SECRET, AAD);
        for (int i = 3; i < sealed.length() - 1; i++) { // the last character may carry unused bits
            char c = sealed.charAt(i);
            String tampered = sealed.substring(0, i) + (c == 'A' ? 'B' : 'A') + sealed.substring(i + 1);
            assertThat(k1.open(tampered, AAD)).as("flipped at %d", i).isEmpty();
        }
    }

    @Test
    void truncated_or_malformed_text_does_not_open() {
        String sealed = k1.sealString(SECRET, AAD);
        assertThat(k1.open(sealed.substring(0, sealed.length() - 4), AAD)).isEmpty();
        assertThat(k1.open(sealed.substring(0, 3 + 20), AAD)).as("shorter than nonce and tag").isEmpty();
        assertThat(k1.open("k1.", AAD)).isEmpty();
        assertThat(k1.open("k1~", AAD)).isEmpty();
        assertThat(k1.open("k1", AAD)).isEmpty();
        assertThat(k1.open("~abc", AAD)).isEmpty();
        assertThat(k1.open("", AAD)).isEmpty();
        assertThat(k1.open(".abc", AAD)).isEmpty();
        assertThat(k1.open("k1.!!!not-base64!!!", AAD)).isEmpty();
        assertThat(k1.open("k1~" + sealed.substring(3) + "==", AAD)).isEmpty();
        assertThat(k1.open("k1." + sealed.substring(3), AAD)).as("the bytes of one form read as the other")
                .isEmpty();
    }

    @Test
    void an_unknown_key_id_does_not_open() {
        String sealed = k1.sealString(SECRET, AAD);
        assertThat(k1.open("k9" + sealed.substring(2), AAD)).isEmpty();
        assertThat(ring("k1=" + key(2)).open(sealed, AAD)).as("same id, other key").isEmpty();
    }

    @Test
    void rotation_opens_the_old_and_seals_under_the_new() {
        KeyRing rotated = ring("k2=" + key(2) + ", k1=" + key(1));
        assertThat(rotated.currentKeyId()).isEqualTo("k2");

        String old = k1.sealString(SECRET, AAD);
        assertThat(rotated.openString(old, AAD)).contains(SECRET);

        String fresh = rotated.sealString(SECRET, AAD);
        assertThat(fresh).startsWith("k2~");
        assertThat(rotated.openString(fresh, AAD)).contains(SECRET);
        assertThat(k1.open(fresh, AAD)).as("the old ring does not know k2").isEmpty();
    }

    @Test
    void keys_must_be_32_bytes() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> ring("k1=" + shortKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> ring("k1=" + key(1) + ",k2=" + Base64.getEncoder().encodeToString(new byte[33])))
                .isInstanceOf(IllegalArgumentException.class);
        var map = new LinkedHashMap<String, byte[]>();
        map.put("k1", new byte[31]);
        assertThatThrownBy(() -> new KeyRing(map, new SecureRandom())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformed_specs_are_rejected() {
        assertThatThrownBy(() -> ring("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring(key(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring("=" + key(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring("k.1=" + key(1))).as("a dot would break the sealed form")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring("k1=not base64")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyRing(Map.of(), new SecureRandom())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void utf8_round_trip() {
        String text = "päss-€-😀";
        assertThat(k1.openString(k1.sealString(text, AAD), AAD)).contains(text);
        assertThat(k1.open(k1.sealString(text, AAD), AAD).map(b -> new String(b, StandardCharsets.UTF_8)))
                .contains(text);
    }
}

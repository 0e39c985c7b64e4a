package dev.opensts.adapter.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Argon2idPasswordsTest {
    private static final Argon2idPasswords.Params SMALL = new Argon2idPasswords.Params(64, 1, 1);
    private final Argon2idPasswords hashes = new Argon2idPasswords(new SecureRandom(), SMALL);

    @Test
    void a_hash_records_its_parameters_and_salt_and_verifies_only_its_password() {
        String h = hashes.hash("Correct-Horse-1");
        assertThat(h).startsWith("$argon2id$v=19$m=64,t=1,p=1$").doesNotContain("Correct");
        assertThat(h.split("\\$")).hasSize(6);
        assertThat(hashes.verify("Correct-Horse-1", h)).isTrue();
        assertThat(hashes.verify("Correct-Horse-2", h)).isFalse();
        assertThat(hashes.verify("correct-horse-1", h)).isFalse();
    }

    @Test
    void every_hash_has_its_own_salt() {
        assertThat(hashes.hash("same password")).isNotEqualTo(hashes.hash("same password"));
    }

    @Test
    void a_hash_made_under_other_parameters_still_verifies() {
        String old = new Argon2idPasswords(new SecureRandom(), new Argon2idPasswords.Params(128, 2, 1)).hash("p\tw\u00ff");
        assertThat(hashes.verify("p\tw\u00ff", old)).isTrue();
    }

    @Test
    void the_salt_is_16_bytes_and_the_hash_32() {
        String h = hashes.hash("x");
        String[] parts = h.split("\\$");
        assertThat(java.util.Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(java.util.Base64.getDecoder().decode(parts[5])).hasSize(32);
    }

    @Test
    void malformed_or_foreign_hashes_never_verify() {
        assertThat(hashes.verify("x", null)).isFalse();
        assertThat(hashes.verify(null, hashes.hash("x"))).isFalse();
        assertThat(hashes.verify("x", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(hashes.verify("x", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(hashes.verify("x", "plain")).isFalse();
    }
}

package dev.opensts.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialIdsTest {
    private static final String BASE32 = "[A-Z2-7]";

    /** SHA1PRNG seeded before first use is deterministic: the same ids on every run. */
    private static CredentialIds seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return new CredentialIds(random);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private final CredentialIds ids = seeded(42);

    @ParameterizedTest
    @ValueSource(strings = {"000000000000", "000000000001", "123456789012", "111122223333", "999999999999"})
    void access_key_ids_carry_their_account(String account) {
        for (String prefix : new String[]{"AKIA", "ASIA"}) {
            String id = ids.accessKeyId(prefix, account);
            assertThat(id).hasSize(20).startsWith(prefix).matches(prefix + BASE32 + "{16}");
            assertThat(CredentialIds.accountOf(id)).isEqualTo(account);
        }
    }

    @Test
    void unique_ids() {
        for (String prefix : new String[]{"AIDA", "AROA", "ANPA"}) {
            String id = ids.uniqueId(prefix);
            assertThat(id).hasSize(20).matches(prefix + BASE32 + "{16}");
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(ids.uniqueId("AROA"))).isTrue();
        }
    }

    @Test
    void secrets_are_40_characters() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 100; i++) {
            String secret = ids.secret();
            assertThat(secret).hasSize(40).matches("[A-Za-z0-9+/]{40}");
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void the_random_source_is_the_injected_one() {
        CredentialIds a = seeded(7);
        CredentialIds b = seeded(7);
        assertThat(a.accessKeyId("AKIA", "123456789012")).isEqualTo(b.accessKeyId("AKIA", "123456789012"));
        assertThat(a.secret()).isEqualTo(b.secret());
        assertThat(a.uniqueId("AROA")).isEqualTo(b.uniqueId("AROA"));
        assertThat(seeded(8).secret()).isNotEqualTo(seeded(7).secret());
    }

    @Test
    void two_keys_of_one_account_differ_in_their_random_half() {
        String first = ids.accessKeyId("AKIA", "123456789012");
        String second = ids.accessKeyId("AKIA", "123456789012");
        assertThat(first.substring(0, 12)).isEqualTo(second.substring(0, 12));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void account_of_what_is_not_ours() {
        assertThat(CredentialIds.accountOf(null)).isNull();
        assertThat(CredentialIds.accountOf("AKIA")).isNull();
        assertThat(CredentialIds.accountOf("AKIAEXAMPLE00000000")).as("19 characters").isNull();
        assertThat(CredentialIds.accountOf("AKIAabcdefghIJKLMNOP")).as("lower case").isNull();
        assertThat(CredentialIds.accountOf("AKIA18AAAAAAAAAAAAAA")).as("0, 1, 8, 9 are not base32").isNull();
        assertThat(CredentialIds.accountOf("AKIA77777777AAAAAAAA")).as("above 999999999999").isNull();
    }
}

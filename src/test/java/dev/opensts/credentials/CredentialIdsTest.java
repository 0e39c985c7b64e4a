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

    private static final String BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private final CredentialIds ids = seeded(42);

    @ParameterizedTest
    @ValueSource(strings = {"000000000000", "000000000001", "123456789012", "111122223333", "999999999999"})
    void access_key_ids_carry_their_account(String account) {
        for (String prefix : new String[]{"AKIA", "ASIA"}) {
            String id = ids.accessKeyId(prefix, account);
            assertThat(id).hasSize(28).startsWith(prefix).matches(prefix + BASE32 + "{24}");
            assertThat(CredentialIds.accountOf(id)).isEqualTo(account);
            // the earlier 20-character form still names its account
            assertThat(CredentialIds.accountOf(id.substring(0, 20))).isEqualTo(account);
        }
    }

    @Test
    void access_key_ids_carry_80_random_bits() {
        // the 16 characters after the account differ between two ids of one account, and every position varies
        var seen = new HashSet<String>();
        int[][] counts = new int[16][32];
        for (int i = 0; i < 4000; i++) {
            String random = ids.accessKeyId("ASIA", "123456789012").substring(12);
            assertThat(random).hasSize(16);
            assertThat(seen.add(random)).isTrue();
            for (int p = 0; p < 16; p++) {
                counts[p][BASE32_ALPHABET.indexOf(random.charAt(p))]++;
            }
        }
        for (int p = 0; p < 16; p++) {
            for (int v = 0; v < 32; v++) {
                // 4000 draws, 125 expected per symbol: a position fixed by the format would fail at once
                assertThat(counts[p][v]).as("position %d symbol %d", p, v).isBetween(60, 200);
            }
        }
    }

    @Test
    void a_long_term_key_id_already_in_use_is_drawn_again() {
        String first = seeded(7).accessKeyId("AKIA", "123456789012");
        var again = seeded(7);
        String drawn = again.accessKeyId("AKIA", "123456789012", id -> id.equals(first));
        assertThat(drawn).isNotEqualTo(first).hasSize(28);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ids.accessKeyId("AKIA", "123456789012", id -> true))
                .isInstanceOf(IllegalStateException.class);
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
    void association_ids_are_a_dash_and_17_lower_case_letters_and_digits_each_equally_likely() {
        var seen = new HashSet<String>();
        int[] counts = new int[36];
        for (int i = 0; i < 10_000; i++) {
            String id = ids.associationId();
            assertThat(id).matches("a-[a-z0-9]{17}");
            assertThat(seen.add(id)).isTrue();
            for (char c : id.substring(2).toCharArray()) {
                counts[Character.isDigit(c) ? 26 + c - '0' : c - 'a']++;
            }
        }
        // 170,000 draws, about 4,722 of each (sd 68); a plain byte % 36 would give the first four 5,312
        for (int n : counts) {
            assertThat(n).isBetween(4_450, 5_000);
        }
        assertThat(seeded(3).associationId()).isEqualTo(seeded(3).associationId());
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

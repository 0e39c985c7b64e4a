package dev.opensts.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SigningKeyCacheTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void derivesTheDocumentedKey() {
        // AWS General Reference, "Derive a signing key" example (20150830/us-east-1/iam).
        byte[] key = new SigningKeyCache(4).signingKey(SECRET, "20150830", "us-east-1", "iam");
        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void returnsTheSameKeyAndCachesIt() {
        SigningKeyCache cache = new SigningKeyCache(4);
        byte[] first = cache.signingKey(SECRET, "20150830", "us-east-1", "sts");
        byte[] second = cache.signingKey(SECRET, "20150830", "us-east-1", "sts");
        assertThat(second).isEqualTo(first).isNotSameAs(first);
        assertThat(cache.size()).isEqualTo(1);

        first[0] ^= 1; // callers get copies: wiping or corrupting one must not poison the cache
        assertThat(cache.signingKey(SECRET, "20150830", "us-east-1", "sts")).isEqualTo(second);
    }

    @Test
    void distinguishesEveryPartOfTheKey() {
        SigningKeyCache cache = new SigningKeyCache(8);
        byte[] base = cache.signingKey(SECRET, "20150830", "us-east-1", "sts");
        assertThat(cache.signingKey(SECRET + "x", "20150830", "us-east-1", "sts")).isNotEqualTo(base);
        assertThat(cache.signingKey(SECRET, "20150831", "us-east-1", "sts")).isNotEqualTo(base);
        assertThat(cache.signingKey(SECRET, "20150830", "eu-west-1", "sts")).isNotEqualTo(base);
        assertThat(cache.signingKey(SECRET, "20150830", "us-east-1", "iam")).isNotEqualTo(base);
        assertThat(cache.size()).isEqualTo(5);
    }

    @Test
    void isBoundedAndEvictsLeastRecentlyUsed() {
        SigningKeyCache cache = new SigningKeyCache(3);
        for (int day = 10; day < 30; day++) {
            cache.signingKey(SECRET, "201508" + day, "us-east-1", "sts");
        }
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.maxEntries()).isEqualTo(3);
    }

    @Test
    void zeroCapacityDisablesCaching() {
        SigningKeyCache cache = new SigningKeyCache(0);
        cache.signingKey(SECRET, "20150830", "us-east-1", "sts");
        assertThat(cache.size()).isZero();
    }

    @Test
    void isThreadSafe() {
        SigningKeyCache cache = new SigningKeyCache(16);
        ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();
        IntStream.range(0, 2_000).parallel().forEach(i -> {
            String service = "svc" + (i % 32);
            String hex = HexFormat.of().formatHex(cache.signingKey(SECRET, "20150830", "us-east-1", service));
            assertThat(seen.putIfAbsent(service, hex)).isIn(null, hex);
        });
        assertThat(cache.size()).isLessThanOrEqualTo(16);
        assertThat(seen).hasSize(32);
    }

    @Test
    void toStringRevealsNothing() {
        SigningKeyCache cache = new SigningKeyCache(2);
        cache.signingKey(SECRET, "20150830", "us-east-1", "sts");
        assertThat(cache.toString()).doesNotContain(SECRET).contains("size=1");
    }
}

package dev.opensts.it.fuzz;

import dev.opensts.sigv4.SigningCredentials;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The generators without a service: they never throw, and (seed, index) alone decides what is sent. */
class GeneratorTest {
    static final URI BASE = URI.create("http://127.0.0.1:1");

    static Fixtures fixtures() {
        return new Fixtures("127.0.0.1:1", new SigningCredentials("AKIAAAAAAAAAAAAAAAAA", "s".repeat(40), null),
                new SigningCredentials("AKIABBBBBBBBBBBBBBBB", "u".repeat(40), null),
                new SigningCredentials("ASIACCCCCCCCCCCCCCCC", "t".repeat(40), "token+/=" + "x".repeat(300)),
                "dtok-0123456789", "atok-0123456789");
    }

    static Generator generator(long seed) {
        ApiModels models = ApiModels.load();
        Fixtures fx = fixtures();
        List<String> iam = List.of("CreateRole", "GetRole", "ListRoles", "PutRolePolicy", "TagRole", "CreateUser");
        List<String> sts = List.of("AssumeRole", "GetSessionToken", "GetCallerIdentity", "RevokeSessions");
        return new Generator(seed, new QueryFuzz(models, iam, sts, fx, BASE.resolve("/")),
                new DecisionFuzz(fx, BASE.resolve("/opensts/v1/authorize")),
                new AdminFuzz(fx, BASE.resolve("/opensts/admin/accounts")));
    }

    @Test
    void everyIndexGeneratesARequest() {
        Generator g = generator(42);
        Set<String> endpoints = new HashSet<>();
        for (int i = 0; i < 4000; i++) {
            FuzzCase c = g.build(i);
            assertThat(c.index()).isEqualTo(i);
            assertThat(c.request().method()).isNotBlank();
            endpoints.add(c.endpoint());
        }
        assertThat(endpoints).containsExactlyInAnyOrder("query", "decision", "admin");
    }

    @Test
    void aSeedAndIndexMakeTheSameRequestAgainAndOthersDiffer() {
        Generator a = generator(7);
        Generator b = generator(7);
        Generator other = generator(8);
        int differing = 0;
        for (int i = 0; i < 300; i++) {
            FuzzCase x = a.build(i);
            FuzzCase y = b.build(i);
            assertThat(y.label()).isEqualTo(x.label());
            assertThat(y.request().method()).isEqualTo(x.request().method());
            assertThat(y.request().body().length).as("#%d %s", i, x.label()).isEqualTo(x.request().body().length);
            if (!other.build(i).label().equals(x.label())) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(250);
        // generated alone, out of order: the same request
        assertThat(generator(7).build(299).label()).isEqualTo(a.build(299).label());
    }
}

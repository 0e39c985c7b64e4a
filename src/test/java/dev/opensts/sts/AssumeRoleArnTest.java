package dev.opensts.sts;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** AssumeRole reads role ARNs by hand; it accepts exactly what AWS's pattern for them accepts. */
class AssumeRoleArnTest {
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::(\\d{12}):role(/|/[\\u0021-\\u007E]*/)([\\w+=,.@-]{1,64})");

    @Property(tries = 5000)
    void agreesWithThePattern(@ForAll("arns") String arn) {
        Matcher m = ROLE_ARN.matcher(arn);
        String[] parts = AssumeRole.roleArnParts(arn);
        Statistics.label("valid").collect(m.matches());
        if (m.matches()) {
            assertThat(parts).containsExactly(m.group(1), m.group(3));
        } else {
            assertThat(parts).isNull();
        }
    }

    @Test
    void examples() {
        assertThat(AssumeRole.roleArnParts("arn:aws:iam::123456789012:role/app"))
                .containsExactly("123456789012", "app");
        assertThat(AssumeRole.roleArnParts("arn:aws:iam::123456789012:role/team/a-b/Deploy+=,.@_-9"))
                .containsExactly("123456789012", "Deploy+=,.@_-9");
        for (String bad : new String[]{null, "", "arn:aws:iam::123456789012:role/", "arn:aws:iam::12345678901:role/a",
                "arn:aws:iam::1234567890123:role/a", "arn:aws:iam::123456789012:user/a", "arn:aws:iam::12345678901x:role/a",
                "arn:aws:iam::123456789012:role/a b", "arn:aws:iam::123456789012:role/p ath/a",
                "arn:aws:iam::123456789012:role/" + "a".repeat(65), "arn:aws:sts::123456789012:role/a",
                "arn:aws:iam::123456789012:rolea", "arn:aws:iam::123456789012:role/é"}) {
            assertThat(AssumeRole.roleArnParts(bad)).as(String.valueOf(bad)).isNull();
        }
    }

    /** Near misses as well as valid ARNs: parts built from valid pieces, then sometimes mutated. */
    @Provide
    Arbitrary<String> arns() {
        Arbitrary<String> account = Arbitraries.oneOf(Arbitraries.strings().numeric().ofLength(12),
                Arbitraries.strings().withChars("0123456789x").ofMinLength(10).ofMaxLength(14));
        Arbitrary<String> path = Arbitraries.oneOf(
                Arbitraries.strings().withChars("/ab~!").ofMaxLength(8).map(p -> p.isEmpty() ? "/" : "/" + p + "/"),
                Arbitraries.strings().withChars("/ab~!é \t").ofMaxLength(8).map(p -> "/" + p));
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ09_+=,.@-").ofMinLength(1).ofMaxLength(64),
                Arbitraries.strings().withChars("aZ09_+=,.@-/ é").ofMinLength(0).ofMaxLength(70));
        Arbitrary<String> kind = Arbitraries.of(":role", ":role", ":role", ":role", ":user", ":rolex", "role");
        Arbitrary<String> prefix = Arbitraries.of("arn:aws:iam::", "arn:aws:iam::", "arn:aws:iam::", "arn:aws:sts::", "arn:aws:iam:");
        return Combinators.combine(prefix, account, kind, path, name).as((p, a, k, pa, n) -> p + a + k + pa + n);
    }
}

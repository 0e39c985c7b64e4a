package dev.opensts.arn;

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

/** Arn: reading and writing ARNs, and the IAM readers accepting exactly what AWS's patterns accept. */
class ArnTest {
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::(\\d{12}):role(/|/[\\u0021-\\u007E]+/)([\\w+=,.@-]{1,64})");

    @Property(tries = 5000)
    void agreesWithThePattern(@ForAll("arns") String arn) {
        Matcher m = ROLE_ARN.matcher(arn);
        Arn parsed = Arn.parseIamRole(arn);
        Statistics.label("valid").collect(m.matches());
        if (m.matches()) {
            assertThat(parsed).isNotNull();
            assertThat(parsed.account()).isEqualTo(m.group(1));
            assertThat(parsed.path()).isEqualTo(m.group(2));
            assertThat(parsed.name()).isEqualTo(m.group(3));
            assertThat(parsed.toString()).isEqualTo(arn);
        } else {
            assertThat(parsed).isNull();
        }
    }

    @Test
    void roleExamples() {
        Arn app = Arn.parseIamRole("arn:aws:iam::123456789012:role/app");
        assertThat(app).isEqualTo(new Arn("aws", "iam", "", "123456789012", "role/app"));
        assertThat(app.path()).isEqualTo("/");
        assertThat(app.name()).isEqualTo("app");
        Arn deep = Arn.parseIamRole("arn:aws:iam::123456789012:role/team/a-b/Deploy+=,.@_-9");
        assertThat(deep.path()).isEqualTo("/team/a-b/");
        assertThat(deep.name()).isEqualTo("Deploy+=,.@_-9");
        assertThat(deep.resourceType()).isEqualTo("role");
        assertThat(Arn.iamRole("123456789012", "/team/a-b/", "Deploy+=,.@_-9")).isEqualTo(deep);
        for (String bad : new String[]{null, "", "arn:aws:iam::123456789012:role/", "arn:aws:iam::12345678901:role/a",
                "arn:aws:iam::1234567890123:role/a", "arn:aws:iam::123456789012:user/a", "arn:aws:iam::12345678901x:role/a",
                "arn:aws:iam::123456789012:role/a b", "arn:aws:iam::123456789012:role/p ath/a",
                "arn:aws:iam::123456789012:role/" + "a".repeat(65), "arn:aws:sts::123456789012:role/a",
                "arn:aws:iam::123456789012:rolea", "arn:aws:iam::123456789012:role/é",
                "arn:aws:iam::123456789012:role//a", "arn:aws:iam:us-east-1:123456789012:role/a",
                "arn:aws-cn:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/" + "p".repeat(512) + "/a"}) {
            assertThat(Arn.parseIamRole(bad)).as(String.valueOf(bad)).isNull();
        }
    }

    @Test
    void parseKeepsTheResourceWhole() {
        Arn s3 = Arn.parse("arn:aws:s3:::bucket/key:with:colons");
        assertThat(s3).isEqualTo(new Arn("aws", "s3", "", "", "bucket/key:with:colons"));
        assertThat(s3.toString()).isEqualTo("arn:aws:s3:::bucket/key:with:colons");
        assertThat(Arn.parse("arn:aws:sqs:eu-west-1:123456789012:queue").region()).isEqualTo("eu-west-1");
        assertThat(Arn.parse("arn:aws:s3::bucket")).isNull();
        assertThat(Arn.parse("ARN:aws:s3:::b")).isNull();
        assertThat(Arn.parse(null)).isNull();
        assertThat(Arn.parse("arn:aws:lambda:us-east-1:123456789012:function:f").resourceType()).isEqualTo("function");
        assertThat(Arn.parse("arn:aws:iam::123456789012:root").resourceType()).isEqualTo("root");
    }

    @Test
    void openIdConnectProviders() {
        Arn gh = Arn.iamOidcProvider("123456789012", "token.actions.githubusercontent.com");
        assertThat(gh.toString()).isEqualTo("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
        assertThat(Arn.parseIamOidcProvider(gh.toString())).isEqualTo(gh);
        Arn eks = Arn.parseIamOidcProvider("arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/AB12");
        assertThat(eks.oidcProviderUrl()).isEqualTo("oidc.eks.eu-west-1.amazonaws.com/id/AB12");
        assertThat(eks.resourceType()).isEqualTo("oidc-provider");
        assertThat(Arn.parseIamOidcProvider("arn:aws:iam::123456789012:oidc-provider/")).isNull();
        assertThat(Arn.parseIamOidcProvider("arn:aws:iam::12345678901:oidc-provider/x")).isNull();
        assertThat(Arn.parseIamOidcProvider("arn:aws:iam::123456789012:role/x")).isNull();
        assertThat(Arn.parseIamOidcProvider("arn:aws:sts::123456789012:oidc-provider/x")).isNull();
        assertThat(Arn.parseIamRole("arn:aws:iam::123456789012:role/x").oidcProviderUrl()).isNull();
    }

    @Test
    void principalsOtherThanRoles() {
        assertThat(Arn.parseIamUser("arn:aws:iam::123456789012:user/ops/alice").name()).isEqualTo("alice");
        assertThat(Arn.parseIamUser("arn:aws:iam::123456789012:role/alice")).isNull();
        assertThat(Arn.parseIamPolicy("arn:aws:iam::123456789012:policy/p/" + "n".repeat(128))).isNotNull();
        assertThat(Arn.parseIamPolicy("arn:aws:iam::123456789012:policy/" + "n".repeat(129))).isNull();
        assertThat(Arn.parseIamRoot("arn:aws:iam::123456789012:root")).isEqualTo(Arn.iamRoot("123456789012"));
        assertThat(Arn.parseIamRoot("arn:aws:iam::12345678901:root")).isNull();
        assertThat(Arn.parseIamRoot("arn:aws:iam::123456789012:root/x")).isNull();

        Arn session = Arn.parseAssumedRole("arn:aws:sts::123456789012:assumed-role/Deploy/ci-run");
        assertThat(session).isEqualTo(Arn.assumedRole("123456789012", "Deploy", "ci-run"));
        assertThat(session.assumedRoleName()).isEqualTo("Deploy");
        assertThat(session.name()).isEqualTo("ci-run");
        for (String bad : new String[]{"arn:aws:sts::123456789012:assumed-role/Deploy",
                "arn:aws:sts::123456789012:assumed-role/Deploy/x", "arn:aws:sts::123456789012:assumed-role/a/b/c",
                "arn:aws:iam::123456789012:assumed-role/Deploy/ci", "arn:aws:sts::123456789012:assumed-role//ci"}) {
            assertThat(Arn.parseAssumedRole(bad)).as(bad).isNull();
        }
        assertThat(Arn.parse("arn:aws:iam::123456789012:user/alice").assumedRoleName()).isNull();
        assertThat(Arn.sts("123456789012", "session", "ASIAXYZ").toString())
                .isEqualTo("arn:aws:sts::123456789012:session/ASIAXYZ");
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

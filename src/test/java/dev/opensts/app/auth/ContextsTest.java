package dev.opensts.app.auth;

import dev.opensts.app.Caller;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.RoleEvent.RoleCreated;
import dev.opensts.iam.RoleEvent.RoleDeleted;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserCreated;
import dev.opensts.policy.PrincipalType;
import dev.opensts.policy.RequestContext;
import dev.opensts.view.LiveView;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global condition keys of the request context, per kind of principal, with the values AWS documents:
 * the table in docs/security.md, row by row.
 */
class ContextsTest {
    static final String A = "123456789012";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    final LiveView view = new LiveView();
    final Contexts contexts = new Contexts(view, Clock.fixed(NOW, ZoneOffset.UTC));
    final AtomicInteger ids = new AtomicInteger();

    ContextsTest() {
        apply(0, new UserCreated(A, "Alice", "AIDAALICE", "/eng/", List.of(new Tag("team", "blue")), NOW));
        apply(0, new RoleCreated(A, "Deployer", "AROADEPLOYER", "/contractors/", TRUST, null, 3600,
                List.of(new Tag("team", "red"), new Tag("tier", "gold")), NOW));
    }

    void apply(long version, IamEvent e) {
        view.apply(new EventEnvelope<>("e" + ids.incrementAndGet(), e.streamId(), version, NOW, "test", "r", e));
    }

    static Caller root() {
        return new Caller(A, "arn:aws:iam::" + A + ":root", PrincipalType.ROOT, A, null, "AKIAROOT", "10.0.0.1",
                true, "aws-cli/2", null, "us-east-1");
    }

    static Caller user() {
        return new Caller(A, "arn:aws:iam::" + A + ":user/eng/Alice", PrincipalType.USER, "AIDAALICE", "Alice",
                "AKIAALICE", "10.0.0.1", false, "aws-sdk-java/2", null, "us-east-1");
    }

    static SessionClaims userSession() {
        return new SessionClaims(SessionKind.USER_SESSION, A, "ASIAUSERSESSION00001", "x".repeat(40),
                "arn:aws:iam::" + A + ":user/eng/Alice", "AIDAALICE", null, null, null, null, "Alice",
                NOW.minusSeconds(60), NOW.plusSeconds(3600), null, List.of(), Map.of(), List.of(), null, false,
                null, 0, "AKIAALICE", "arn:aws:iam::" + A + ":user/eng/Alice", "AKIAALICE");
    }

    static SessionClaims roleSession() {
        return new SessionClaims(SessionKind.ASSUMED_ROLE, A, "ASIAROLESESSION00001", "x".repeat(40),
                "arn:aws:sts::" + A + ":assumed-role/Deployer/ci", "AROADEPLOYER:ci",
                "arn:aws:iam::" + A + ":role/contractors/Deployer", "Deployer", "AROADEPLOYER", "ci", null,
                NOW.minusSeconds(60), NOW.plusSeconds(3600), null, List.of(), Map.of("team", "green"), List.of(),
                "alice@example.com", false, null, 0, "AKIAALICE", "arn:aws:iam::" + A + ":user/eng/Alice",
                "AKIAALICE");
    }

    static Caller sessionOf(SessionClaims s, PrincipalType type) {
        return new Caller(A, s.principalArn(), type, s.principalId(), s.userName(), s.accessKeyId(), "10.0.0.1",
                true, "aws-sdk-java/2", s, "eu-west-1");
    }

    RequestContext context(Caller caller) {
        return contexts.forCaller(caller, "iam:GetRole", "arn:aws:iam::" + A + ":role/contractors/Deployer").build();
    }

    static String one(RequestContext ctx, String key) {
        String[] v = ctx.get(key);
        return v.length == 0 ? null : v[0];
    }

    @Test
    void theRoot() {
        RequestContext ctx = context(root());
        assertThat(one(ctx, "aws:PrincipalArn")).isEqualTo("arn:aws:iam::" + A + ":root");
        assertThat(one(ctx, "aws:PrincipalAccount")).isEqualTo(A);
        assertThat(one(ctx, "aws:PrincipalType")).isEqualTo("Account");
        assertThat(one(ctx, "aws:userid")).isEqualTo(A);
        assertThat(one(ctx, "aws:username")).isNull();
        assertThat(one(ctx, "aws:MultiFactorAuthPresent")).as("absent for long-term credentials").isNull();
        assertThat(one(ctx, "aws:TokenIssueTime")).isNull();
        assertThat(one(ctx, "aws:SourceIdentity")).isNull();
        common(ctx, "us-east-1", "true");
    }

    @Test
    void anIamUserWithItsLongTermKey() {
        RequestContext ctx = context(user());
        assertThat(one(ctx, "aws:PrincipalArn")).isEqualTo("arn:aws:iam::" + A + ":user/eng/Alice");
        assertThat(one(ctx, "aws:PrincipalType")).isEqualTo("User");
        assertThat(one(ctx, "aws:userid")).isEqualTo("AIDAALICE");
        assertThat(one(ctx, "aws:username")).isEqualTo("Alice");
        assertThat(one(ctx, "aws:PrincipalTag/team")).isEqualTo("blue");
        assertThat(one(ctx, "aws:MultiFactorAuthPresent")).isNull();
        assertThat(one(ctx, "aws:TokenIssueTime")).isNull();
        common(ctx, "us-east-1", "false");
    }

    @Test
    void anIamUsersGetSessionTokenSession() {
        RequestContext ctx = context(sessionOf(userSession(), PrincipalType.USER));
        assertThat(one(ctx, "aws:PrincipalArn")).isEqualTo("arn:aws:iam::" + A + ":user/eng/Alice");
        assertThat(one(ctx, "aws:PrincipalType")).isEqualTo("User");
        assertThat(one(ctx, "aws:userid")).isEqualTo("AIDAALICE");
        assertThat(one(ctx, "aws:username")).isEqualTo("Alice");
        assertThat(one(ctx, "aws:PrincipalTag/team")).isEqualTo("blue");
        assertThat(one(ctx, "aws:MultiFactorAuthPresent")).isEqualTo("false");
        assertThat(one(ctx, "aws:TokenIssueTime")).isEqualTo("2026-06-01T11:59:00Z");
        common(ctx, "eu-west-1", "true");
    }

    @Test
    void aRoleSessionCarriesItsRolesArnWithThePath() {
        RequestContext ctx = context(sessionOf(roleSession(), PrincipalType.ASSUMED_ROLE));
        assertThat(one(ctx, "aws:PrincipalArn")).isEqualTo("arn:aws:iam::" + A + ":role/contractors/Deployer");
        assertThat(one(ctx, "aws:PrincipalType")).isEqualTo("AssumedRole");
        assertThat(one(ctx, "aws:userid")).isEqualTo("AROADEPLOYER:ci");
        assertThat(one(ctx, "aws:username")).isNull();
        assertThat(one(ctx, "aws:PrincipalTag/team")).as("session tags win").isEqualTo("green");
        assertThat(one(ctx, "aws:PrincipalTag/tier")).isEqualTo("gold");
        assertThat(one(ctx, "aws:SourceIdentity")).isEqualTo("alice@example.com");
        assertThat(one(ctx, "aws:MultiFactorAuthPresent")).isEqualTo("false");
        assertThat(one(ctx, "aws:TokenIssueTime")).isEqualTo("2026-06-01T11:59:00Z");
        common(ctx, "eu-west-1", "true");
    }

    @Test
    void aRoleSessionOfADeletedRoleHasNoneOfItsTags() {
        apply(1, new RoleDeleted(A, "Deployer"));
        apply(0, new RoleCreated(A, "Deployer", "AROANEWDEPLOYER", "/contractors/", TRUST, null, 3600,
                List.of(new Tag("tier", "platinum")), NOW));
        RequestContext ctx = context(sessionOf(roleSession(), PrincipalType.ASSUMED_ROLE));
        assertThat(one(ctx, "aws:PrincipalTag/tier")).as("the new role's tags are not the old session's").isNull();
        assertThat(one(ctx, "aws:PrincipalTag/team")).isEqualTo("green");
    }

    /** Keys every signed request has. */
    private static void common(RequestContext ctx, String region, String secure) {
        assertThat(one(ctx, "aws:PrincipalAccount")).isEqualTo(A);
        assertThat(one(ctx, "aws:RequestedRegion")).isEqualTo(region);
        assertThat(one(ctx, "aws:ResourceAccount")).isEqualTo(A);
        assertThat(one(ctx, "aws:PrincipalIsAWSService")).isEqualTo("false");
        assertThat(one(ctx, "aws:ViaAWSService")).isEqualTo("false");
        assertThat(one(ctx, "aws:SecureTransport")).isEqualTo(secure);
        assertThat(one(ctx, "aws:SourceIp")).isEqualTo("10.0.0.1");
        assertThat(one(ctx, "aws:UserAgent")).isNotBlank();
        assertThat(one(ctx, "aws:CurrentTime")).isEqualTo("2026-06-01T12:00:00Z");
        assertThat(one(ctx, "aws:EpochTime")).isEqualTo(String.valueOf(NOW.getEpochSecond()));
    }
}

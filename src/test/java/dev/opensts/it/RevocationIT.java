package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import dev.opensts.tools.SignedRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.allow;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RevokeSessions end to end: every kind of revocation refuses the revoked sessions (SDK clients,
 * STS and IAM calls: InvalidClientTokenId 403) and leaves the others alone; the request is
 * authorized by the policy engine; a revocation through one replica is enforced by another (how
 * fast: the RevocationPropagation benchmark); and AWS's own way (a Deny on aws:TokenIssueTime) keeps
 * working. Issue times are compared by ordering against the host clock the service shares, never by
 * sleeping past them.
 */
class RevocationIT {
    static final String TRUST_ACTIONS = "[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"]";
    static OpenStsCluster cluster;
    static OpenStsProcess a;
    static OpenStsProcess b;
    static IamClient iam;
    static SigningCredentials root;
    static AccessKey aliceKey;
    static StsClient alice;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("revocation");
        a = cluster.startReplica("a");
        b = cluster.startReplica("b");
        root = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
        iam = Sts.iam(a, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        for (String role : List.of("app", "other", "second")) {
            iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(trust(ROOT_ARN, TRUST_ACTIONS, null)));
            iam.putRolePolicy(r -> r.roleName(role).policyName("p").policyDocument(
                    allow("[\"sts:AssumeRole\",\"sts:SetSourceIdentity\",\"iam:ListRoles\"]", "*")));
        }
        aliceKey = user("alice");
        alice = Sts.sts(a, aliceKey.accessKeyId(), aliceKey.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static AccessKey user(String name) {
        iam.createUser(r -> r.userName(name));
        iam.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(
                allow("[\"sts:AssumeRole\",\"sts:SetSourceIdentity\",\"iam:ListRoles\",\"iam:GetUser\"]", "*")));
        return iam.createAccessKey(r -> r.userName(name)).accessKey();
    }

    static Credentials assume(StsClient as, String role, String sourceIdentity) {
        return as.assumeRole(r -> r.roleArn(roleArn(role)).roleSessionName("s-" + UUID.randomUUID().toString()
                .substring(0, 8)).sourceIdentity(sourceIdentity)).credentials();
    }

    static Credentials assume(StsClient as, String role) {
        return assume(as, role, null);
    }

    static void works(OpenStsProcess replica, Credentials c) {
        assertThat(Sts.sts(replica, c).getCallerIdentity().arn()).contains("assumed-role");
        assertThat(Sts.iam(replica, c).listRoles().roles()).isNotEmpty();
    }

    static void refused(OpenStsProcess replica, Credentials c) {
        var e = fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, c).getCallerIdentity());
        assertThat(Sts.message(e)).isEqualTo("The security token included in the request is invalid.");
        fails("InvalidClientTokenId", 403, () -> Sts.iam(replica, c).listRoles());
    }

    /** RevokeSessions as a raw signed request; answers the HTTP response. */
    static HttpResponse<String> revoke(OpenStsProcess replica, SigningCredentials creds, String... kv)
            throws Exception {
        var params = Sts.params("Action", "RevokeSessions", "Version", "2011-06-15");
        params.putAll(Sts.params(kv));
        return Sts.signedPost(replica, creds, params, Instant.now(), null);
    }

    static String revokeOk(String... kv) throws Exception {
        HttpResponse<String> r = revoke(a, root, kv);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<RevokeSessionsResponse", "<RevokeSessionsResult>", "<EffectiveAt>",
                "<RequestId>");
        Matcher m = Pattern.compile("<RevocationId>([^<]+)</RevocationId>").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    @Test
    void aRoleRevocationRefusesEarlierSessionsOfThatRoleOnly() throws Exception {
        Credentials before = assume(alice, "app");
        Credentials otherRole = assume(alice, "other");
        works(a, before);
        revokeOk("RoleArn", roleArn("app"));
        refused(a, before);
        works(a, otherRole);
        Credentials after = assume(alice, "app");
        works(a, after);
    }

    @Test
    void aRoleRevocationWithIssuedBeforeInThePastSparesLaterSessions() throws Exception {
        Credentials old = assume(alice, "second");
        // the service revokes what was issued before the line (issue times in whole milliseconds): a line after
        // old's answer, and recent asked for once the clock has passed it, put them on either side
        Instant line = Sts.afterEverySessionSoFar();
        Sts.awaitClockPast(line);
        Credentials recent = assume(alice, "second");
        revokeOk("RoleArn", roleArn("second"), "IssuedBefore", line.toString());
        refused(a, old);
        works(a, recent);
    }

    @Test
    void anAccessKeyRevocationRefusesThatSessionAndWhatWasChainedFromIt() throws Exception {
        Credentials one = assume(alice, "app");
        Credentials two = assume(alice, "app");
        Credentials chained = assume(Sts.sts(a, one), "other");
        works(a, chained);
        revokeOk("AccessKeyId", one.accessKeyId());
        refused(a, one);
        refused(a, chained);
        works(a, two);
    }

    @Test
    void aSourceIdentityRevocationRefusesItsSessionsOnEveryRole() throws Exception {
        Credentials bob1 = assume(alice, "app", "bob-si");
        Credentials bob2 = assume(alice, "other", "bob-si");
        Credentials carol = assume(alice, "app", "carol-si");
        Credentials bobChained = assume(Sts.sts(a, bob1), "other");
        revokeOk("SourceIdentity", "bob-si");
        refused(a, bob1);
        refused(a, bob2);
        refused(a, bobChained);
        works(a, carol);
    }

    @Test
    void aPrincipalRevocationRefusesWhatThePrincipalCreatedIncludingChains() throws Exception {
        AccessKey daveKey = user("dave");
        StsClient dave = Sts.sts(a, daveKey.accessKeyId(), daveKey.secretAccessKey());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> assume(dave, "app") != null);
        Credentials d1 = assume(dave, "app");
        Credentials d2 = assume(Sts.sts(a, d1), "other");
        Credentials a1 = assume(alice, "app");
        Credentials a2 = assume(Sts.sts(a, a1), "other");
        revokeOk("PrincipalArn", "arn:aws:iam::000000000000:user/dave");
        refused(a, d1);
        refused(a, d2);
        works(a, a1);
        works(a, a2);

        // an assumed-role session's ARN: that session and what it created go, the role's other sessions stay
        Credentials a3 = assume(alice, "app");
        String a1Arn = Sts.sts(a, a1).getCallerIdentity().arn();
        revokeOk("PrincipalArn", a1Arn);
        refused(a, a2);
        refused(a, a1);
        works(a, a3);
        // the user's long-term key is not a session: untouched
        assertThat(Sts.iam(a, AwsBasicCredentials.create(daveKey.accessKeyId(), daveKey.secretAccessKey()))
                .getUser().user().userName()).isEqualTo("dave");
    }

    @Test
    void aRevokedSessionPresentedIsRecordedOnTheIssuanceTopic() throws Exception {
        Credentials s = assume(alice, "app");
        revokeOk("AccessKeyId", s.accessKeyId());
        try (KafkaConsumer<String, byte[]> consumer = Sts.issuanceConsumer(cluster)) {
            refused(a, s);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode found = null;
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    JsonNode n = Sts.JSON.readTree(r.value());
                    if (n.path("type").asText().equals("dev.opensts.sts.RevokedSessionPresented")
                            && n.path("data").path("userIdentity").path("accessKeyId").asText()
                            .equals(s.accessKeyId())) {
                        found = n;
                    }
                }
            }
            assertThat(found).as("RevokedSessionPresented record").isNotNull();
            assertThat(found.path("data").path("errorCode").asText()).isEqualTo("InvalidClientTokenId");
            assertThat(found.toString()).doesNotContain(s.secretAccessKey()).doesNotContain(s.sessionToken());
        }
    }

    @Test
    void exactlyOneSelectorIsRequired() throws Exception {
        HttpResponse<String> none = revoke(a, root);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("<Code>ValidationError</Code>", "exactly one of RoleArn");
        HttpResponse<String> two = revoke(a, root, "RoleArn", roleArn("app"), "SourceIdentity", "x-si");
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(two.body()).contains("<Code>InvalidParameterCombination</Code>", "RoleArn and SourceIdentity");
        HttpResponse<String> badKey = revoke(a, root, "AccessKeyId", "AKIAAAAAAAAAAAAAAAAA");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).contains("<Code>ValidationError</Code>");
        HttpResponse<String> badDate = revoke(a, root, "RoleArn", roleArn("app"), "IssuedBefore", "yesterday");
        assertThat(badDate.statusCode()).as(badDate.body()).isEqualTo(400);
    }

    @Test
    void aCallerWithoutPermissionIsDenied() throws Exception {
        AccessKey eveKey = user("eve");
        var eve = new SigningCredentials(eveKey.accessKeyId(), eveKey.secretAccessKey(), null);
        HttpResponse<String> denied = revoke(a, eve, "RoleArn", roleArn("other"));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("<Code>AccessDenied</Code>", "opensts:RevokeSessions");

        iam.putUserPolicy(r -> r.userName("eve").policyName("revoke").policyDocument(
                allow("\"opensts:RevokeSessions\"", roleArn("other"))));
        HttpResponse<String> allowed = revoke(a, eve, "RoleArn", roleArn("other"));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        HttpResponse<String> elsewhere = revoke(a, eve, "RoleArn", roleArn("app"));
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        // a role session in the account needs the permission too
        Credentials s = assume(alice, "app");
        HttpResponse<String> fromSession = revoke(a, new SigningCredentials(s.accessKeyId(), s.secretAccessKey(),
                s.sessionToken()), "SourceIdentity", "nobody-si");
        assertThat(fromSession.statusCode()).isEqualTo(403);
    }

    /**
     * Replica b learns of the revocation from the topic. How soon is measured by the RevocationPropagation benchmark
     * (docs/performance.md) and printed here, not asserted: a test's time bound fails on a slow machine.
     */
    @Test
    void aRevocationThroughOneReplicaIsEnforcedByAnother() throws Exception {
        Credentials s = assume(alice, "app");
        Credentials kept = assume(alice, "app");
        StsClient onB = Sts.sts(b, s);
        assertThat(onB.getCallerIdentity().arn()).contains("assumed-role/app");
        // sent with the documented tool (dev.opensts.tools.SignedRequest), through replica a
        HttpResponse<String> r = SignedRequest.send(SignedRequest.request(a.endpoint(), root, "us-east-1",
                List.of(Map.entry("Action", "RevokeSessions"), Map.entry("Version", "2011-06-15"),
                        Map.entry("AccessKeyId", s.accessKeyId()))));
        long t0 = System.nanoTime();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).untilAsserted(() ->
                fails("InvalidClientTokenId", 403, onB::getCallerIdentity));
        System.out.println("revocation enforced by replica b " + (System.nanoTime() - t0) / 1_000_000
                + " ms after the RevokeSessions answer (reported, not asserted)");
        refused(b, s);
        assertThat(Sts.sts(b, kept).getCallerIdentity().arn()).contains("assumed-role/app");
    }

    @Test
    void chainingBeyondSixteenAncestorsIsRefused() {
        Credentials c = assume(alice, "app");
        for (int i = 1; i <= 16; i++) {
            c = assume(Sts.sts(a, c), i % 2 == 0 ? "app" : "other");
        }
        works(a, c);
        Credentials deepest = c;
        var e = fails("ValidationError", 400, () -> assume(Sts.sts(a, deepest), "other"));
        assertThat(Sts.message(e)).contains("16 ancestor sessions");
    }

    @Test
    void awsOwnWayADenyOnTokenIssueTimeStillWorks() throws Exception {
        iam.createRole(r -> r.roleName("legacy").assumeRolePolicyDocument(trust(ROOT_ARN)));
        iam.putRolePolicy(r -> r.roleName("legacy").policyName("allow").policyDocument(
                allow("\"iam:ListRoles\"", "*")));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> assume(alice, "legacy") != null);
        Credentials old = assume(alice, "legacy");
        assertThat(Sts.iam(a, old).listRoles().roles()).isNotEmpty();
        // aws:TokenIssueTime carries the issue time's milliseconds: old's is before the line, recent's not
        Instant line = Sts.afterEverySessionSoFar();
        iam.putRolePolicy(r -> r.roleName("legacy").policyName("AWSRevokeOlderSessions").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + line + "\"}}}]}"));
        Sts.awaitClockPast(line);
        Credentials recent = assume(alice, "legacy");
        fails("AccessDenied", 403, () -> Sts.iam(a, old).listRoles());
        assertThat(Sts.iam(a, recent).listRoles().roles()).isNotEmpty();
    }
}

package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.net.http.HttpResponse;
import java.time.Instant;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.allow;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.message;
import static dev.opensts.it.Sts.params;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GetCallerIdentity for every kind of caller, GetSessionToken, GetAccessKeyInfo, temporary
 * credentials of every kind authenticating later calls, AssumeRole across accounts, and the
 * presigned-GET form of the protocol with XML and JSON answers.
 */
class StsSessionsIT {
    static final String OTHER = "111111111111";
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static IamClient iam;
    static StsClient root;
    static AccessKey aliceKey;
    static String aliceId;
    static StsClient alice;
    static StsClient otherRoot;
    static IamClient otherIam;
    static String otherRootKeyId;

    @BeforeAll
    static void start() throws Exception {
        cluster = OpenStsCluster.create("sts-sessions");
        replica = cluster.startReplica("a");
        iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        aliceId = iam.createUser(r -> r.userName("alice")).user().userId();
        iam.putUserPolicy(r -> r.userName("alice").policyName("read").policyDocument(
                allow("[\"iam:GetUser\",\"iam:ListRoles\",\"sts:AssumeRole\"]", "*")));
        aliceKey = iam.createAccessKey(r -> r.userName("alice")).accessKey();
        alice = Sts.sts(replica, aliceKey.accessKeyId(), aliceKey.secretAccessKey());
        iam.createRole(r -> r.roleName("app").assumeRolePolicyDocument(trust(ROOT_ARN)));

        JsonNode other = Sts.createAccount(cluster, replica, OTHER);
        otherRootKeyId = other.path("rootAccessKeyId").asText();
        var otherCreds = AwsBasicCredentials.create(otherRootKeyId, other.path("rootSecretAccessKey").asText());
        otherRoot = Sts.sts(replica, otherCreds);
        otherIam = Sts.iam(replica, otherCreds);
        // shared: trusts the other account; private: trusts nobody outside
        iam.createRole(r -> r.roleName("shared").assumeRolePolicyDocument(trust("arn:aws:iam::" + OTHER + ":root")));
        iam.createRole(r -> r.roleName("private").assumeRolePolicyDocument(trust(ROOT_ARN)));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    // --- GetCallerIdentity ---

    @Test
    void getCallerIdentityNamesRootUsersAndSessions() {
        GetCallerIdentityResponse me = root.getCallerIdentity();
        assertThat(me.account()).isEqualTo("000000000000");
        assertThat(me.arn()).isEqualTo(ROOT_ARN);
        assertThat(me.userId()).isEqualTo("000000000000");

        GetCallerIdentityResponse a = alice.getCallerIdentity();
        assertThat(a.arn()).isEqualTo("arn:aws:iam::000000000000:user/alice");
        assertThat(a.userId()).isEqualTo(aliceId).startsWith("AIDA");
        assertThat(a.account()).isEqualTo("000000000000");

        AssumeRoleResponse r = root.assumeRole(b -> b.roleArn(roleArn("app")).roleSessionName("gci"));
        GetCallerIdentityResponse s = Sts.sts(replica, r.credentials()).getCallerIdentity();
        assertThat(s.arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/app/gci");
        assertThat(s.userId()).isEqualTo(r.assumedRoleUser().assumedRoleId());
        assertThat(s.account()).isEqualTo("000000000000");
    }

    @Test
    void getCallerIdentityIsNeverDenied() {
        // a role session without any permission, narrowed further by a session policy that allows nothing
        Credentials c = root.assumeRole(b -> b.roleArn(roleArn("app")).roleSessionName("nothing")
                .policy(allow("\"s3:GetObject\"", "arn:aws:s3:::none/*"))).credentials();
        assertThat(Sts.sts(replica, c).getCallerIdentity().arn()).endsWith("/app/nothing");
        // a user whose only policy denies everything
        iam.createUser(r -> r.userName("denied"));
        iam.putUserPolicy(r -> r.userName("denied").policyName("deny").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
        AccessKey k = iam.createAccessKey(r -> r.userName("denied")).accessKey();
        assertThat(Sts.sts(replica, k.accessKeyId(), k.secretAccessKey()).getCallerIdentity().arn())
                .isEqualTo("arn:aws:iam::000000000000:user/denied");
    }

    // --- GetSessionToken ---

    @Test
    void getSessionTokenGivesAUserTwelveHoursByDefaultAndTheSessionActsAsTheUser() {
        Instant before = Instant.now();
        Credentials c = alice.getSessionToken().credentials();
        Instant after = Instant.now();
        assertThat(c.accessKeyId()).startsWith("ASIA").hasSize(28);
        Sts.assertExpiry(c.expiration(), 43200, before, after);
        GetCallerIdentityResponse me = Sts.sts(replica, c).getCallerIdentity();
        assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:user/alice");
        assertThat(me.userId()).isEqualTo(aliceId);
        // it can assume a role the user may assume
        assertThat(Sts.sts(replica, c).assumeRole(b -> b.roleArn(roleArn("app")).roleSessionName("from-gst"))
                .assumedRoleUser().arn()).endsWith("/app/from-gst");
    }

    @Test
    void getSessionTokenCredentialsCannotCallIamWithoutMfa() {
        Credentials c = alice.getSessionToken().credentials();
        assertThat(message(fails("AccessDenied", 403, () -> Sts.iam(replica, c).listRoles())))
                .contains("iam:ListRoles").contains("MFA");
        Credentials rootSession = root.getSessionToken().credentials();
        assertThat(message(fails("AccessDenied", 403, () -> Sts.iam(replica, rootSession).listUsers())))
                .contains("iam:ListUsers");
    }

    @Test
    void getSessionTokenDurationRunsFrom900To129600() {
        Instant before = Instant.now();
        Instant shortest = alice.getSessionToken(r -> r.durationSeconds(900)).credentials().expiration();
        Instant longest = alice.getSessionToken(r -> r.durationSeconds(129600)).credentials().expiration();
        Instant after = Instant.now();
        Sts.assertExpiry(shortest, 900, before, after);
        Sts.assertExpiry(longest, 129600, before, after);
        assertThat(message(fails("ValidationError", 400, () -> alice.getSessionToken(r -> r.durationSeconds(899)))))
                .contains("durationSeconds").contains("900");
        assertThat(message(fails("ValidationError", 400, () -> alice.getSessionToken(r -> r.durationSeconds(129601)))))
                .contains("durationSeconds").contains("129600");
    }

    @Test
    void getSessionTokenWithSessionCredentialsIsDenied() {
        Credentials gst = alice.getSessionToken().credentials();
        AwsServiceExceptionCheck.deniedGst(Sts.sts(replica, gst));
        Credentials role = root.assumeRole(b -> b.roleArn(roleArn("app")).roleSessionName("gst")).credentials();
        AwsServiceExceptionCheck.deniedGst(Sts.sts(replica, role));
    }

    @Test
    void rootGetsASessionTokenOfAtMostOneHour() {
        Instant before = Instant.now();
        Credentials c = root.getSessionToken().credentials();
        Sts.assertExpiry(c.expiration(), 3600, before, Instant.now());
        GetCallerIdentityResponse me = Sts.sts(replica, c).getCallerIdentity();
        assertThat(me.arn()).isEqualTo(ROOT_ARN);
        assertThat(me.account()).isEqualTo("000000000000");
    }

    static final class AwsServiceExceptionCheck {
        static void deniedGst(StsClient sts) {
            assertThat(message(fails("AccessDenied", 403, sts::getSessionToken)))
                    .isEqualTo("Cannot call GetSessionToken with session credentials");
        }
    }

    // --- GetAccessKeyInfo ---

    @Test
    void getAccessKeyInfoTellsTheAccountOfAnyKey() {
        assertThat(root.getAccessKeyInfo(r -> r.accessKeyId(aliceKey.accessKeyId())).account()).isEqualTo("000000000000");
        assertThat(root.getAccessKeyInfo(r -> r.accessKeyId(cluster.rootAccessKeyId())).account()).isEqualTo("000000000000");
        assertThat(root.getAccessKeyInfo(r -> r.accessKeyId(otherRootKeyId)).account()).isEqualTo(OTHER);
        Credentials otherSession = otherRoot.getSessionToken().credentials();
        assertThat(alice.getAccessKeyInfo(r -> r.accessKeyId(otherSession.accessKeyId())).account()).isEqualTo(OTHER);
        fails("ValidationError", 400, () -> root.getAccessKeyInfo(r -> r.accessKeyId("AKIA-short")));
    }

    // --- across accounts ---

    @Test
    void anotherAccountsRootMayAssumeARoleThatTrustsItsAccount() {
        AssumeRoleResponse r = otherRoot.assumeRole(b -> b.roleArn(roleArn("shared")).roleSessionName("x1"));
        assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/shared/x1");
        GetCallerIdentityResponse me = Sts.sts(replica, r.credentials()).getCallerIdentity();
        assertThat(me.account()).isEqualTo("000000000000");
        // but not a role that does not trust it, with the same answer as a role that does not exist
        String denied = message(fails("AccessDenied", 403, () -> otherRoot.assumeRole(b -> b.roleArn(roleArn("private"))
                .roleSessionName("x1"))));
        assertThat(denied).isEqualTo("User: arn:aws:iam::" + OTHER + ":root is not authorized to perform: "
                + "sts:AssumeRole on resource: " + roleArn("private"));
        String missing = message(fails("AccessDenied", 403, () -> otherRoot.assumeRole(b -> b.roleArn(roleArn("ghost"))
                .roleSessionName("x1"))));
        assertThat(missing).isEqualTo(denied.replace("private", "ghost"));
    }

    @Test
    void anotherAccountsUserNeedsBothTheTrustAndItsOwnIdentityPolicy() {
        otherIam.createUser(r -> r.userName("bob"));
        AccessKey k = otherIam.createAccessKey(r -> r.userName("bob")).accessKey();
        StsClient bob = Sts.sts(replica, k.accessKeyId(), k.secretAccessKey());
        assertThat(bob.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + OTHER + ":user/bob");
        // trust allows (account principal), identity policy does not
        fails("AccessDenied", 403, () -> bob.assumeRole(b -> b.roleArn(roleArn("shared")).roleSessionName("b1")));
        // identity policy allows only another role
        otherIam.putUserPolicy(r -> r.userName("bob").policyName("assume").policyDocument(
                allow("\"sts:AssumeRole\"", roleArn("private"))));
        fails("AccessDenied", 403, () -> bob.assumeRole(b -> b.roleArn(roleArn("shared")).roleSessionName("b1")));
        // identity allows private, but private's trust does not name the account
        fails("AccessDenied", 403, () -> bob.assumeRole(b -> b.roleArn(roleArn("private")).roleSessionName("b1")));
        // both allow
        otherIam.putUserPolicy(r -> r.userName("bob").policyName("assume").policyDocument(
                allow("\"sts:AssumeRole\"", "arn:aws:iam::000000000000:role/*")));
        assertThat(bob.assumeRole(b -> b.roleArn(roleArn("shared")).roleSessionName("b1")).assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::000000000000:assumed-role/shared/b1");
        // a trust that names the user directly still needs the user's identity policy across accounts
        iam.createRole(r -> r.roleName("for-bob").assumeRolePolicyDocument(trust("arn:aws:iam::" + OTHER + ":user/bob")));
        otherIam.deleteUserPolicy(r -> r.userName("bob").policyName("assume"));
        fails("AccessDenied", 403, () -> bob.assumeRole(b -> b.roleArn(roleArn("for-bob")).roleSessionName("b2")));
    }

    // --- presigned GET ---

    @Test
    void assumeRoleAsAPresignedGetAnswersJsonWhenAsked() throws Exception {
        var creds = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
        HttpResponse<String> r = Sts.presignedGet(replica, creds, params("Action", "AssumeRole", "Version", "2011-06-15",
                "RoleArn", roleArn("app"), "RoleSessionName", "presigned"), Instant.now(), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        JsonNode body = Sts.JSON.readTree(r.body()).path("AssumeRoleResponse");
        JsonNode result = body.path("AssumeRoleResult");
        assertThat(result.path("AssumedRoleUser").path("Arn").asText())
                .isEqualTo("arn:aws:sts::000000000000:assumed-role/app/presigned");
        assertThat(result.path("Credentials").path("AccessKeyId").asText()).startsWith("ASIA");
        assertThat(result.path("Credentials").path("SessionToken").asText()).isNotBlank();
        String requestId = body.path("ResponseMetadata").path("RequestId").asText();
        assertThat(requestId).isNotBlank();
        assertThat(r.headers().firstValue("x-amzn-RequestId")).hasValue(requestId);

        // the presigned session's credentials authenticate a presigned GetCallerIdentity (XML by default)
        JsonNode c = result.path("Credentials");
        var session = new SigningCredentials(c.path("AccessKeyId").asText(), c.path("SecretAccessKey").asText(),
                c.path("SessionToken").asText());
        HttpResponse<String> who = Sts.presignedGet(replica, session, params("Action", "GetCallerIdentity",
                "Version", "2011-06-15"), Instant.now(), null);
        assertThat(who.statusCode()).as(who.body()).isEqualTo(200);
        assertThat(who.body()).contains("<GetCallerIdentityResponse")
                .contains("<Arn>arn:aws:sts::000000000000:assumed-role/app/presigned</Arn>");
        assertThat(who.body()).contains("<RequestId>" + who.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }

    @Test
    void aPresignedErrorIsJsonWhenAskedToo() throws Exception {
        var creds = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
        HttpResponse<String> r = Sts.presignedGet(replica, creds, params("Action", "AssumeRole", "Version", "2011-06-15",
                "RoleArn", roleArn("ghost"), "RoleSessionName", "presigned"), Instant.now(), "application/json");
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode body = Sts.JSON.readTree(r.body());
        assertThat(body.toString()).contains("AccessDenied");
        assertThat(body.toString()).contains(r.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }
}

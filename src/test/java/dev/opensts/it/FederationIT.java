package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.sigv4.SigningCredentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetFederationTokenResponse;
import software.amazon.awssdk.services.sts.model.InvalidAuthorizationMessageException;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GetFederationToken and DecodeAuthorizationMessage with the unmodified SDK v2 StsClient and IamClient: the
 * federated user's session, what it may and may not do (decided by the decision endpoint as a resource service would
 * ask), its bounds, its end (revocation, its user deleted), and the encoded message of a real AccessDenied.
 */
class FederationIT extends IamItBase {
    static final String TOKEN = "decision-" + Long.toHexString(new SecureRandom().nextLong());
    static final String OTHER = "222222222222";
    static final String ISSUER_POLICY = """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":["sts:GetFederationToken","sts:TagSession","iam:GetUser"],"Resource":"*"},
             {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::photos/*"}]}""";
    static final String READ_PHOTOS = allow("s3:GetObject", "*");

    StsClient rootSts;
    StsClient issuer;
    AccessKey issuerKey;
    StsClient otherRoot;

    @Override
    protected Map<String, String> clusterEnv() {
        return Map.of("OPENSTS_DECISION_TOKEN", TOKEN);
    }

    @BeforeAll
    void setUp() throws Exception {
        rootSts = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        issuerKey = user("issuer", ISSUER_POLICY);
        issuer = Sts.sts(replica, issuerKey.accessKeyId(), issuerKey.secretAccessKey());
        JsonNode other = Sts.createAccount(cluster, replica, OTHER);
        otherRoot = Sts.sts(replica, AwsBasicCredentials.create(other.path("rootAccessKeyId").asText(),
                other.path("rootSecretAccessKey").asText()));
    }

    AccessKey user(String name, String policy) {
        iam.createUser(r -> r.userName(name));
        iam.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(policy));
        return iam.createAccessKey(r -> r.userName(name)).accessKey();
    }

    /** The decision endpoint's verdict for a request to "s3" signed with these credentials. */
    String decision(Credentials c, String action, String resource) throws Exception {
        var creds = new SigningCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        String path = resource.substring("arn:aws:s3:::".length());
        var in = dev.opensts.tools.DecisionRequest.json(creds, "us-east-1", "s3", "GET",
                URI.create("http://s3.local:9000/" + path), action, resource, ACCOUNT, Instant.now());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.endpoint().resolve("/opensts/v1/authorize"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(in.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = json(r.body());
        return d.path("decision").asText(d.toString());
    }

    @Test
    void aFederatedUserMayDoWhatBothItsUserAndItsSessionPolicyAllowAndKnowsWhoItIs() throws Exception {
        Instant before = Instant.now();
        GetFederationTokenResponse r = issuer.getFederationToken(b -> b.name("Bob").policy(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\","
                        + "\"ec2:*\"],\"Resource\":\"*\"}]}").tags(t -> t.key("team").value("blue")));
        assertThat(r.federatedUser().arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":federated-user/Bob");
        assertThat(r.federatedUser().federatedUserId()).isEqualTo(ACCOUNT + ":Bob");
        assertThat(r.packedPolicySize()).isPositive();
        assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(r.credentials().expiration()).isAfter(before.plus(Duration.ofHours(12)).minusSeconds(2))
                .isBefore(Instant.now().plus(Duration.ofHours(12)).plusSeconds(1));

        Credentials c = r.credentials();
        assertThat(decision(c, "s3:GetObject", "arn:aws:s3:::photos/cat.jpg")).isEqualTo("Allow");
        assertThat(decision(c, "s3:PutObject", "arn:aws:s3:::photos/cat.jpg")).as("not in the session policy")
                .isEqualTo("Deny");
        assertThat(decision(c, "s3:GetObject", "arn:aws:s3:::private/x")).as("not in the user's policy")
                .isEqualTo("Deny");

        var me = Sts.sts(replica, c).getCallerIdentity();
        assertThat(me.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":federated-user/Bob");
        assertThat(me.userId()).isEqualTo(ACCOUNT + ":Bob");
        assertThat(me.account()).isEqualTo(ACCOUNT);

        Credentials none = issuer.getFederationToken(b -> b.name("NoPolicy")).credentials();
        assertThat(decision(none, "s3:GetObject", "arn:aws:s3:::photos/cat.jpg")).as("no session policy: nothing")
                .isEqualTo("Deny");
    }

    @Test
    void itsCredentialsCannotCallIamOrStsButGetCallerIdentity() {
        Credentials c = issuer.getFederationToken(b -> b.name("Eve").policy(allow("*", "*"))).credentials();
        StsClient eve = Sts.sts(replica, c);
        assertThat(Sts.message(Sts.fails("AccessDenied", 403, () -> Sts.iam(replica, c).getUser(
                r -> r.userName("issuer"))))).contains("iam:GetUser");
        iam.createRole(r -> r.roleName("fed-target").assumeRolePolicyDocument(TRUST));
        Sts.fails("AccessDenied", 403, () -> eve.assumeRole(b -> b.roleArn(Sts.roleArn("fed-target"))
                .roleSessionName("s1")));
        Sts.fails("AccessDenied", 403, () -> eve.getFederationToken(b -> b.name("Mallory")));
        Sts.fails("AccessDenied", 403, () -> eve.getSessionToken());
        Sts.fails("AccessDenied", 403, () -> eve.decodeAuthorizationMessage(b -> b.encodedMessage("x")));
    }

    @Test
    void roleAndOtherSessionsMayNotFederate() {
        iam.createRole(r -> r.roleName("fed-role").assumeRolePolicyDocument(TRUST));
        Credentials role = rootSts.assumeRole(b -> b.roleArn(Sts.roleArn("fed-role")).roleSessionName("s1"))
                .credentials();
        AwsServiceException e = Sts.fails("AccessDenied", 403, () -> Sts.sts(replica, role)
                .getFederationToken(b -> b.name("Bob")));
        assertThat(Sts.message(e)).isEqualTo("Cannot call GetFederationToken with session credentials");
        Credentials userSession = issuer.getSessionToken().credentials();
        Sts.fails("AccessDenied", 403, () -> Sts.sts(replica, userSession).getFederationToken(b -> b.name("Bob")));
    }

    @Test
    void boundsOfDurationAndName() {
        Instant before = Instant.now();
        Credentials root = rootSts.getFederationToken(b -> b.name("RootFed").policy(READ_PHOTOS)
                .durationSeconds(129_600)).credentials();
        assertThat(root.expiration()).as("a root's federated user: one hour at most")
                .isBefore(Instant.now().plusSeconds(3601)).isAfter(before.plusSeconds(3598));
        assertThat(issuer.getFederationToken(b -> b.name("Long").policy(READ_PHOTOS).durationSeconds(129_600))
                .credentials().expiration()).isAfter(before.plus(Duration.ofHours(36)).minusSeconds(2));
        for (int d : new int[] {899, 129_601}) {
            Sts.fails("ValidationError", 400, () -> issuer.getFederationToken(b -> b.name("Bob").durationSeconds(d)));
        }
        for (String name : new String[] {"B", "x".repeat(33), "has space", "a/b"}) {
            Sts.fails("ValidationError", 400, () -> issuer.getFederationToken(b -> b.name(name)));
        }
        Sts.fails("MalformedPolicyDocument", 400, () -> issuer.getFederationToken(b -> b.name("Bob")
                .policyArns(p -> p.arn("arn:aws:iam::" + OTHER + ":policy/Anything"))));
        Sts.fails("PackedPolicyTooLarge", 400, () -> issuer.getFederationToken(b -> b.name("Bob")
                .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                        + "\"Resource\":\"arn:aws:s3:::" + "b".repeat(1900) + "\"}]}")
                .tags(t -> t.key("k".repeat(128)).value("v".repeat(256)))));
    }

    @Test
    void aRevokedFederatedSessionAndOneWhoseUserIsGoneAreRefused() throws Exception {
        Credentials c = issuer.getFederationToken(b -> b.name("Revoked").policy(READ_PHOTOS)).credentials();
        StsClient revoked = Sts.sts(replica, c);
        assertThat(revoked.getCallerIdentity().userId()).isEqualTo(ACCOUNT + ":Revoked");
        var root = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
        var params = Sts.params("Action", "RevokeSessions", "Version", "2011-06-15", "AccessKeyId", c.accessKeyId());
        HttpResponse<String> r = Sts.signedPost(replica, root, params, Instant.now(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Sts.fails("InvalidClientTokenId", 403, revoked::getCallerIdentity);

        AccessKey shortLived = user("short-lived", ISSUER_POLICY);
        Credentials orphan = Sts.sts(replica, shortLived.accessKeyId(), shortLived.secretAccessKey())
                .getFederationToken(b -> b.name("Orphan").policy(READ_PHOTOS)).credentials();
        assertThat(decision(orphan, "s3:GetObject", "arn:aws:s3:::photos/a")).isEqualTo("Allow");
        iam.deleteAccessKey(b -> b.userName("short-lived").accessKeyId(shortLived.accessKeyId()));
        iam.deleteUserPolicy(b -> b.userName("short-lived").policyName("p"));
        iam.deleteUser(b -> b.userName("short-lived"));
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, orphan).getCallerIdentity());
        // re-created under the same name: another user, the old federated user stays dead
        user("short-lived", ISSUER_POLICY);
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, orphan).getCallerIdentity());
    }

    @Test
    void anAccessDeniedDecodesForItsOwnAccountOnly() {
        AwsServiceException denied = Sts.fails("AccessDenied", 403, () -> client(issuerKey.accessKeyId(),
                issuerKey.secretAccessKey()).createRole(r -> r.roleName("not-mine").assumeRolePolicyDocument(TRUST)));
        assertThat(Sts.message(denied)).startsWith("User: arn:aws:iam::" + ACCOUNT + ":user/issuer is not authorized "
                + "to perform: iam:CreateRole");
        String encoded = Sts.encodedMessage(denied);
        assertThat(encoded).as(denied.awsErrorDetails().errorMessage()).isNotBlank().hasSizeLessThan(10_240);

        JsonNode d = json(rootSts.decodeAuthorizationMessage(b -> b.encodedMessage(encoded)).decodedMessage());
        assertThat(d.path("allowed").asBoolean(true)).isFalse();
        assertThat(d.path("explicitDeny").asBoolean(true)).isFalse();
        assertThat(d.path("matchedStatements").path("items").isArray()).isTrue();
        assertThat(d.path("failures").path("items").isArray()).isTrue();
        assertThat(d.at("/context/principal/arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/issuer");
        assertThat(d.at("/context/principal/id").asText()).startsWith("AIDA");
        assertThat(d.at("/context/principal/name").asText()).isEqualTo("issuer");
        assertThat(d.at("/context/action").asText()).isEqualTo("iam:CreateRole");
        assertThat(d.at("/context/resource").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/not-mine");
        assertThat(d.at("/context/conditions/items").toString()).contains("aws:username");

        // the issuer itself has no sts:DecodeAuthorizationMessage
        Sts.fails("AccessDenied", 403, () -> issuer.decodeAuthorizationMessage(b -> b.encodedMessage(encoded)));
        var other = Sts.fails("InvalidAuthorizationMessageException", 400,
                () -> otherRoot.decodeAuthorizationMessage(b -> b.encodedMessage(encoded)));
        assertThat(other).isInstanceOf(InvalidAuthorizationMessageException.class);
        char c = encoded.charAt(encoded.length() - 3);
        String tampered = encoded.substring(0, encoded.length() - 3) + (c == 'A' ? 'B' : 'A')
                + encoded.substring(encoded.length() - 2);
        Sts.fails("InvalidAuthorizationMessageException", 400,
                () -> rootSts.decodeAuthorizationMessage(b -> b.encodedMessage(tampered)));
        Sts.fails("InvalidAuthorizationMessageException", 400,
                () -> rootSts.decodeAuthorizationMessage(b -> b.encodedMessage("garbage")));
    }
}

package dev.opensts.it;

import dev.opensts.credentials.KeyRing;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.credentials.SessionTokenCodec;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.message;
import static dev.opensts.it.Sts.params;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication failures as the SDK sees them: wrong secrets, unknown and inactive keys, expired,
 * tampered, truncated and foreign session tokens, and requests signed too far from the server's
 * clock. Expired tokens are minted here with the cluster's own key ring, as any replica would.
 */
class StsAuthErrorsIT {
    static final String INVALID = "The security token included in the request is invalid.";
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static IamClient iam;
    static StsClient root;
    static SessionTokenCodec codec;
    static Credentials session;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("sts-auth");
        replica = cluster.startReplica("a");
        iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        iam.createRole(r -> r.roleName("app").assumeRolePolicyDocument(trust(ROOT_ARN)));
        codec = new SessionTokenCodec(KeyRing.parse(cluster.keyring(), new SecureRandom()), "opensts");
        session = root.assumeRole(r -> r.roleArn(roleArn("app")).roleSessionName("s1")).credentials();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static StsClient withToken(String keyId, String secret, String token) {
        return Sts.sts(replica, AwsSessionCredentials.create(keyId, secret, token));
    }

    static void invalidToken(StsClient sts) {
        AwsServiceException e = fails("InvalidClientTokenId", 403, sts::getCallerIdentity);
        assertThat(message(e)).isEqualTo(INVALID);
    }

    @Test
    void theSessionWorksAsIs() {
        assertThat(Sts.sts(replica, session).getCallerIdentity().arn()).endsWith("/app/s1");
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        fails("SignatureDoesNotMatch", 403, () -> Sts.sts(replica, cluster.rootAccessKeyId(),
                cluster.rootSecretAccessKey().substring(1) + "x").getCallerIdentity());
        fails("SignatureDoesNotMatch", 403, () -> withToken(session.accessKeyId(), "x".repeat(40),
                session.sessionToken()).getCallerIdentity());
        // IAM answers the same way
        fails("SignatureDoesNotMatch", 403, () -> Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(),
                "y".repeat(40))).listRoles());
    }

    @Test
    void anUnknownKeyIsInvalidClientTokenId() {
        invalidToken(Sts.sts(replica, "AKIAAAAAAAAAAAAAAAAA", "x".repeat(40)));
        fails("InvalidClientTokenId", 403, () -> Sts.iam(replica, AwsBasicCredentials.create("AKIAZZZZZZZZZZZZZZZZ",
                "x".repeat(40))).listRoles());
    }

    @Test
    void anInactiveOrDeletedUserKeyIsInvalidClientTokenId() {
        iam.createUser(r -> r.userName("carol"));
        AccessKey k = iam.createAccessKey(r -> r.userName("carol")).accessKey();
        StsClient carol = Sts.sts(replica, k.accessKeyId(), k.secretAccessKey());
        assertThat(carol.getCallerIdentity().arn()).endsWith(":user/carol");
        iam.updateAccessKey(r -> r.userName("carol").accessKeyId(k.accessKeyId()).status(StatusType.INACTIVE));
        invalidToken(carol);
        iam.updateAccessKey(r -> r.userName("carol").accessKeyId(k.accessKeyId()).status(StatusType.ACTIVE));
        assertThat(carol.getCallerIdentity().arn()).endsWith(":user/carol");
        iam.deleteAccessKey(r -> r.userName("carol").accessKeyId(k.accessKeyId()));
        invalidToken(carol);
    }

    @Test
    void anExpiredTokenIsExpiredToken() {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        Map.Entry<String, String> idAndSecret = Map.entry("ASIA" + "A".repeat(4) + "QAAAAAAAAAAA", "s".repeat(40));
        SessionClaims claims = roleClaims(idAndSecret.getKey(), idAndSecret.getValue(), issued,
                issued.plus(Duration.ofHours(1)));
        StsClient expired = withToken(claims.accessKeyId(), claims.secretAccessKey(), codec.encode(claims));
        AwsServiceException e = fails("ExpiredToken", 400, expired::getCallerIdentity);
        assertThat(message(e)).isEqualTo("The security token included in the request is expired");
        // IAM too, and no issuance from an expired session
        fails("ExpiredToken", 400, () -> Sts.iam(replica, AwsSessionCredentials.create(claims.accessKeyId(),
                claims.secretAccessKey(), codec.encode(claims))).listRoles());
        fails("ExpiredToken", 400, () -> expired.assumeRole(r -> r.roleArn(roleArn("app")).roleSessionName("s2")));
        // only the holder of the secret learns that the token expired
        fails("SignatureDoesNotMatch", 403, () -> withToken(claims.accessKeyId(), "w".repeat(40),
                codec.encode(claims)).getCallerIdentity());
        // the same claims, not yet expired, work: the codec is the replicas' own
        SessionClaims valid = roleClaims(idAndSecret.getKey(), idAndSecret.getValue(), Instant.now(),
                Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(withToken(valid.accessKeyId(), valid.secretAccessKey(), codec.encode(valid)).getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::000000000000:assumed-role/app/crafted");
    }

    @Test
    void aTamperedTokenIsInvalidClientTokenId() {
        String t = session.sessionToken();
        int i = t.length() / 2;
        char flipped = t.charAt(i) == 'A' ? 'B' : 'A';
        invalidToken(withToken(session.accessKeyId(), session.secretAccessKey(),
                t.substring(0, i) + flipped + t.substring(i + 1)));
        int last = t.length() - 2;
        char other = t.charAt(last) == 'A' ? 'B' : 'A';
        invalidToken(withToken(session.accessKeyId(), session.secretAccessKey(),
                t.substring(0, last) + other + t.substring(last + 1)));
    }

    @Test
    void aTruncatedOrGarbageTokenIsInvalidClientTokenId() {
        String t = session.sessionToken();
        invalidToken(withToken(session.accessKeyId(), session.secretAccessKey(), t.substring(0, t.length() - 10)));
        invalidToken(withToken(session.accessKeyId(), session.secretAccessKey(), t.substring(0, 12)));
        invalidToken(withToken(session.accessKeyId(), session.secretAccessKey(), "not-a-token"));
        invalidToken(withToken(session.accessKeyId(), session.secretAccessKey(),
                Base64.getEncoder().encodeToString(new byte[300])));
    }

    @Test
    void aTokenOfAnotherKeyRingOrAnotherKeyIdIsInvalidClientTokenId() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        var foreign = new SessionTokenCodec(KeyRing.parse("k1=" + Base64.getEncoder().encodeToString(key),
                new SecureRandom()), "opensts");
        SessionClaims claims = roleClaims("ASIAAAAAQAAAAAAAAAAB", "t".repeat(40), Instant.now(),
                Instant.now().plus(Duration.ofMinutes(30)));
        invalidToken(withToken(claims.accessKeyId(), claims.secretAccessKey(), foreign.encode(claims)));
        // a genuine token presented with another access key id: bound to its own
        invalidToken(withToken("ASIAAAAAQAAAAAAAAAAC", session.secretAccessKey(), session.sessionToken()));
    }

    @Test
    void aSessionKeyWithoutItsTokenIsInvalidClientTokenId() {
        invalidToken(Sts.sts(replica, session.accessKeyId(), session.secretAccessKey()));
    }

    @Test
    void aRequestSignedMoreThan15MinutesOffIsRejected() throws Exception {
        var creds = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
        Map<String, String> gci = params("Action", "GetCallerIdentity", "Version", "2011-06-15");
        HttpResponse<String> now = Sts.signedPost(replica, creds, gci, Instant.now(), null);
        assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
        assertThat(now.body()).contains("<Arn>" + ROOT_ARN + "</Arn>");
        for (Instant skewed : List.of(Instant.now().minus(Duration.ofMinutes(16)), Instant.now().plus(Duration.ofMinutes(16)))) {
            HttpResponse<String> r = Sts.signedPost(replica, creds, gci, skewed, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(r.body()).contains("<Code>SignatureDoesNotMatch</Code>").contains("Signature");
            assertThat(r.body()).contains("<RequestId>" + r.headers().firstValue("x-amzn-RequestId").orElseThrow());
        }
        // within the window is fine
        HttpResponse<String> close = Sts.signedPost(replica, creds, gci, Instant.now().minus(Duration.ofMinutes(10)), null);
        assertThat(close.statusCode()).as(close.body()).isEqualTo(200);
        // a session's request off the clock too
        var s = new SigningCredentials(session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
        HttpResponse<String> skewedSession = Sts.signedPost(replica, s, gci, Instant.now().minus(Duration.ofMinutes(16)),
                "application/json");
        assertThat(skewedSession.statusCode()).isEqualTo(403);
        assertThat(skewedSession.body()).contains("SignatureDoesNotMatch");
    }

    @Test
    void anUnsignedRequestIsMissingAuthenticationToken() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(replica.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<Code>MissingAuthenticationToken</Code>");
    }

    /** A role session of "app", as AssumeRole would have minted it. */
    static SessionClaims roleClaims(String keyId, String secret, Instant issued, Instant expires) {
        String roleId = iam.getRole(r -> r.roleName("app")).role().roleId();
        return new SessionClaims(SessionKind.ASSUMED_ROLE, "000000000000", keyId, secret,
                "arn:aws:sts::000000000000:assumed-role/app/crafted", roleId + ":crafted", roleArn("app"), "app",
                roleId, "crafted", null, issued, expires, null, List.of(), Map.of(), List.of(), null, false, null, 0,
                cluster.rootAccessKeyId(), ROOT_ARN, cluster.rootAccessKeyId());
    }
}

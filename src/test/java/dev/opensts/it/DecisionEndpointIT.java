package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.credentials.KeyRing;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.credentials.SessionTokenCodec;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision endpoint as a resource service uses it: requests signed for "s3" by the unmodified AWS SDK's
 * SigV4 signer, forwarded with the action and resource they map to.
 */
class DecisionEndpointIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String TOKEN = "decision-" + Long.toHexString(new SecureRandom().nextLong());
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static IamClient iam;
    static AccessKey alice;
    static Credentials narrowed;
    static SessionTokenCodec codec;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("decision").withEnv("OPENSTS_DECISION_TOKEN", TOKEN);
        replica = cluster.startReplica("a");
        iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        iam.createUser(r -> r.userName("alice"));
        iam.putUserPolicy(r -> r.userName("alice").policyName("photos").policyDocument("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"ReadWritePhotos","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
                  "Resource":"arn:aws:s3:::photos/*"},
                 {"Sid":"NoSecrets","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::photos/secret/*"},
                 {"Sid":"ListPublic","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::photos",
                  "Condition":{"StringLike":{"s3:prefix":"public/*"}}}]}"""));
        alice = iam.createAccessKey(r -> r.userName("alice")).accessKey();
        iam.createRole(r -> r.roleName("reader").assumeRolePolicyDocument(trust(ROOT_ARN,
                "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]", null)));
        iam.putRolePolicy(r -> r.roleName("reader").policyName("all").policyDocument(
                Sts.allow("[\"s3:GetObject\",\"s3:ListBucket\"]", "*")));
        StsClient root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        narrowed = root.assumeRole(r -> r.roleArn(roleArn("reader")).roleSessionName("narrow")
                .policy(Sts.allow("\"s3:GetObject\"", "arn:aws:s3:::photos/*"))
                .tags(t -> t.key("team").value("blue")).sourceIdentity("alice-laptop")).credentials();
        codec = new SessionTokenCodec(KeyRing.parse(cluster.keyring(), new SecureRandom()), "opensts");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    // ---- the resource service's side ----------------------------------------------------------------------

    /** A client's request to "s3", signed by the AWS SDK's own SigV4 signer. */
    static SdkHttpRequest sign(AwsCredentialsIdentity id, SdkHttpMethod method, String path, byte[] body,
                               boolean contentShaHeader) {
        var b = SdkHttpRequest.builder().method(method).uri(URI.create("http://s3.local:9000" + path));
        if (contentShaHeader) {
            b.putHeader("x-amz-content-sha256", sha256(body));
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(id).request(b.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
        return signed.request();
    }

    static SdkHttpRequest get(AwsCredentialsIdentity id, String path) {
        return sign(id, SdkHttpMethod.GET, path, new byte[0], false);
    }

    /** The JSON a resource service forwards: the request as received plus what it maps to. */
    static ObjectNode forward(SdkHttpRequest r, byte[] body, boolean onlySha, String action, String resource) {
        ObjectNode req = JSON.createObjectNode();
        req.put("method", r.method().name());
        req.put("path", r.encodedPath());
        req.put("query", r.encodedQueryParameters().orElse(""));
        ArrayNode headers = req.putArray("headers");
        boolean host = false;
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            for (String v : h.getValue()) {
                headers.addArray().add(h.getKey()).add(v);
            }
            host |= h.getKey().equalsIgnoreCase("host");
        }
        if (!host) {
            headers.addArray().add("Host").add(r.host() + ":" + r.port());
        }
        if (onlySha) {
            req.put("bodySha256", sha256(body));
        } else if (body.length > 0) {
            req.put("body", Base64.getEncoder().encodeToString(body));
        }
        ObjectNode in = JSON.createObjectNode();
        in.set("request", req);
        in.put("action", action);
        in.put("resource", resource);
        // S3's ARNs carry no account: the resource service says whose the bucket is
        in.putObject("context").putArray("aws:ResourceAccount").add(Sts.ACCOUNT);
        in.put("service", "s3");
        in.put("region", "us-east-1");
        return in;
    }

    static HttpResponse<String> post(String json, String bearer) throws Exception {
        var b = HttpRequest.newBuilder(replica.endpoint().resolve("/opensts/v1/authorize"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode decide(ObjectNode in) throws Exception {
        HttpResponse<String> r = post(in.toString(), TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static AwsCredentialsIdentity aliceId() {
        return AwsCredentialsIdentity.create(alice.accessKeyId(), alice.secretAccessKey());
    }

    // ---- the cases ------------------------------------------------------------------------------------------

    @Test
    void aUsersKeyAllowedByItsPolicyIsAllow() throws Exception {
        JsonNode d = decide(forward(get(aliceId(), "/photos/2024/cat%20one.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/2024/cat one.jpg"));
        assertThat(d.path("decision").asText()).as(d.toString()).isEqualTo("Allow");
        assertThat(d.path("error").isMissingNode()).isTrue();
        assertThat(d.at("/principal/arn").asText()).isEqualTo("arn:aws:iam::000000000000:user/alice");
        assertThat(d.at("/principal/accountId").asText()).isEqualTo("000000000000");
        assertThat(d.at("/principal/type").asText()).isEqualTo("User");
        assertThat(d.at("/principal/userId").asText()).startsWith("AIDA");
        assertThat(d.at("/decidingStatements/0/sid").asText()).isEqualTo("ReadWritePhotos");
        assertThat(d.at("/decidingStatements/0/effect").asText()).isEqualTo("Allow");
        assertThat(d.at("/decidingStatements/0/policyName").asText()).contains("photos");
    }

    @Test
    void theDocumentedToolWritesARequestTheEndpointDecides() throws Exception {
        // docs/decision-endpoint.md: dev.opensts.tools.DecisionRequest writes signed.json for curl
        var creds = new dev.opensts.sigv4.SigningCredentials(alice.accessKeyId(), alice.secretAccessKey(), null);
        JsonNode allowed = decide(dev.opensts.tools.DecisionRequest.json(creds, "us-east-1", "s3", "GET",
                URI.create("http://s3.local:9000/photos/2024/dog.jpg"), "s3:GetObject", "arn:aws:s3:::photos/2024/dog.jpg",
                Sts.ACCOUNT, java.time.Instant.now()));
        assertThat(allowed.path("decision").asText()).as(allowed.toString()).isEqualTo("Allow");
        JsonNode denied = decide(dev.opensts.tools.DecisionRequest.json(creds, "us-east-1", "s3", "GET",
                URI.create("http://s3.local:9000/photos/secret/plan.txt"), "s3:GetObject",
                "arn:aws:s3:::photos/secret/plan.txt", Sts.ACCOUNT, java.time.Instant.now()));
        assertThat(denied.path("decision").asText()).as(denied.toString()).isEqualTo("Deny");
        assertThat(denied.at("/decidingStatements/0/sid").asText()).isEqualTo("NoSecrets");
    }

    @Test
    void aPresignedUrlIsDecidedToo() throws Exception {
        var b = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://s3.local:9000/photos/shared.jpg?response-content-type=image%2Fjpeg"));
        SdkHttpRequest presigned = AwsV4HttpSigner.create().sign(r -> r.identity(aliceId()).request(b.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))).request();
        assertThat(presigned.encodedQueryParameters().orElse("")).contains("X-Amz-Signature=");
        JsonNode d = decide(forward(presigned, new byte[0], false, "s3:GetObject", "arn:aws:s3:::photos/shared.jpg"));
        assertThat(d.path("decision").asText()).as(d.toString()).isEqualTo("Allow");
        ObjectNode changed = forward(presigned, new byte[0], false, "s3:GetObject", "arn:aws:s3:::photos/shared.jpg");
        ((ObjectNode) changed.get("request")).put("query", presigned.encodedQueryParameters().orElseThrow()
                .replace("image%2Fjpeg", "text%2Fhtml"));
        assertThat(decide(changed).at("/error/code").asText()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void anotherResourceIsAnImplicitDeny() throws Exception {
        JsonNode d = decide(forward(get(aliceId(), "/music/a.mp3"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::music/a.mp3"));
        assertThat(d.path("decision").asText()).isEqualTo("Deny");
        assertThat(d.path("reason").asText()).contains("no identity-based policy allows the s3:GetObject action");
        assertThat(d.path("decidingStatements")).isEmpty();
        assertThat(d.at("/principal/arn").asText()).endsWith(":user/alice");
    }

    @Test
    void anExplicitDenyNamesItsStatement() throws Exception {
        JsonNode d = decide(forward(get(aliceId(), "/photos/secret/x.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/secret/x.jpg"));
        assertThat(d.path("decision").asText()).isEqualTo("Deny");
        assertThat(d.path("reason").asText()).contains("explicit deny").contains("NoSecrets");
        assertThat(d.path("decidingStatements")).hasSize(1);
        assertThat(d.at("/decidingStatements/0/sid").asText()).isEqualTo("NoSecrets");
        assertThat(d.at("/decidingStatements/0/effect").asText()).isEqualTo("Deny");
        assertThat(d.at("/decidingStatements/0/index").asInt()).isEqualTo(1);
    }

    @Test
    void extraContextKeysAreConditionKeysButCannotOverrideOpenStsOwn() throws Exception {
        SdkHttpRequest list = sign(aliceId(), SdkHttpMethod.GET, "/photos", new byte[0], false);
        ObjectNode in = forward(list, new byte[0], false, "s3:ListBucket", "arn:aws:s3:::photos");
        ((ObjectNode) in.get("context")).putArray("s3:prefix").add("public/");
        assertThat(decide(in).path("decision").asText()).isEqualTo("Allow");
        ((ObjectNode) in.get("context")).putArray("s3:prefix").add("private/");
        assertThat(decide(in).path("decision").asText()).isEqualTo("Deny");
        ((ObjectNode) in.get("context")).putArray("aws:username").add("root");
        HttpResponse<String> r = post(in.toString(), TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("aws:username").contains("cannot be set");
    }

    @Test
    void anAssumedRoleSessionGetsTheIntersectionOfRoleAndSessionPolicies() throws Exception {
        var id = AwsSessionCredentialsIdentity.create(narrowed.accessKeyId(), narrowed.secretAccessKey(),
                narrowed.sessionToken());
        JsonNode allow = decide(forward(get(id, "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg"));
        assertThat(allow.path("decision").asText()).as(allow.toString()).isEqualTo("Allow");
        assertThat(allow.at("/principal/arn").asText()).isEqualTo("arn:aws:sts::000000000000:assumed-role/reader/narrow");
        assertThat(allow.at("/principal/type").asText()).isEqualTo("AssumedRole");
        assertThat(allow.at("/principal/userId").asText()).startsWith("AROA").endsWith(":narrow");
        assertThat(allow.at("/principal/sessionTags/team").asText()).isEqualTo("blue");
        assertThat(allow.at("/principal/sourceIdentity").asText()).isEqualTo("alice-laptop");
        // the role allows it, the session policy does not
        JsonNode other = decide(forward(get(id, "/music/a.mp3"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::music/a.mp3"));
        assertThat(other.path("decision").asText()).isEqualTo("Deny");
        assertThat(other.path("reason").asText()).contains("no session policy allows");
        JsonNode list = decide(forward(get(id, "/photos"), new byte[0], false, "s3:ListBucket", "arn:aws:s3:::photos"));
        assertThat(list.path("decision").asText()).isEqualTo("Deny");
    }

    @Test
    void aPermissionsBoundaryCapsAUsersPolicies() throws Exception {
        iam.createUser(r -> r.userName("bob"));
        iam.putUserPolicy(r -> r.userName("bob").policyName("all").policyDocument(Sts.allow("\"s3:*\"", "*")));
        String boundary = iam.createPolicy(r -> r.policyName("photos-only")
                .policyDocument(Sts.allow("\"s3:GetObject\"", "arn:aws:s3:::photos/*"))).policy().arn();
        iam.putUserPermissionsBoundary(r -> r.userName("bob").permissionsBoundary(boundary));
        AccessKey k = iam.createAccessKey(r -> r.userName("bob")).accessKey();
        var bob = AwsCredentialsIdentity.create(k.accessKeyId(), k.secretAccessKey());
        assertThat(decide(forward(get(bob, "/photos/a.jpg"), new byte[0], false, "s3:GetObject",
                "arn:aws:s3:::photos/a.jpg")).path("decision").asText()).isEqualTo("Allow");
        JsonNode d = decide(forward(get(bob, "/music/a.mp3"), new byte[0], false, "s3:GetObject",
                "arn:aws:s3:::music/a.mp3"));
        assertThat(d.path("decision").asText()).isEqualTo("Deny");
        assertThat(d.path("reason").asText()).contains("no permissions boundary allows");
    }

    @Test
    void aForgedSignatureIsSignatureDoesNotMatch() throws Exception {
        var wrong = AwsCredentialsIdentity.create(alice.accessKeyId(), "x".repeat(40));
        JsonNode d = decide(forward(get(wrong, "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg"));
        assertThat(d.path("decision").asText()).isEqualTo("Deny");
        assertThat(d.at("/error/code").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(d.at("/error/httpStatus").asInt()).isEqualTo(403);
        assertThat(d.path("principal").isMissingNode()).isTrue();
        // a genuine signature on another path than the one forwarded
        ObjectNode moved = forward(get(aliceId(), "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/b.jpg");
        ((ObjectNode) moved.get("request")).put("path", "/photos/b.jpg");
        assertThat(decide(moved).at("/error/code").asText()).isEqualTo("SignatureDoesNotMatch");
        // signed for another service than the resource service's
        ObjectNode otherService = forward(get(aliceId(), "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg");
        otherService.put("service", "sqs");
        assertThat(decide(otherService).at("/error/code").asText()).isEqualTo("SignatureDoesNotMatch");
        // an unknown key
        var unknown = AwsCredentialsIdentity.create("AKIAAAAAAAAAAAAAAAAA", "x".repeat(40));
        assertThat(decide(forward(get(unknown, "/photos/a.jpg"), new byte[0], false, "s3:GetObject",
                "arn:aws:s3:::photos/a.jpg")).at("/error/code").asText()).isEqualTo("InvalidClientTokenId");
    }

    @Test
    void anExpiredTokenIsExpiredToken() throws Exception {
        String roleId = iam.getRole(r -> r.roleName("reader")).role().roleId();
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        SessionClaims claims = new SessionClaims(SessionKind.ASSUMED_ROLE, "000000000000", "ASIAAAAAQAAAAAAAAAAD",
                "s".repeat(40), "arn:aws:sts::000000000000:assumed-role/reader/old", roleId + ":old",
                roleArn("reader"), "reader", roleId, "old", null, issued, issued.plus(Duration.ofHours(1)), null,
                List.of(), Map.of(), List.of(), null, false, null, 0, cluster.rootAccessKeyId(), ROOT_ARN,
                cluster.rootAccessKeyId());
        var id = AwsSessionCredentialsIdentity.create(claims.accessKeyId(), claims.secretAccessKey(),
                codec.encode(claims));
        JsonNode d = decide(forward(get(id, "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg"));
        assertThat(d.path("decision").asText()).isEqualTo("Deny");
        assertThat(d.at("/error/code").asText()).isEqualTo("ExpiredToken");
        assertThat(d.at("/error/httpStatus").asInt()).isEqualTo(400);
    }

    @Test
    void aTamperedTokenIsInvalidClientTokenId() throws Exception {
        String t = narrowed.sessionToken();
        int i = t.length() / 2;
        String tampered = t.substring(0, i) + (t.charAt(i) == 'A' ? 'B' : 'A') + t.substring(i + 1);
        var id = AwsSessionCredentialsIdentity.create(narrowed.accessKeyId(), narrowed.secretAccessKey(), tampered);
        JsonNode d = decide(forward(get(id, "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg"));
        assertThat(d.path("decision").asText()).isEqualTo("Deny");
        assertThat(d.at("/error/code").asText()).isEqualTo("InvalidClientTokenId");
        assertThat(d.at("/error/httpStatus").asInt()).isEqualTo(403);
    }

    @Test
    void aRevokedSessionIsDeniedAsAnInvalidToken() throws Exception {
        StsClient root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        Credentials doomed = root.assumeRole(r -> r.roleArn(roleArn("reader")).roleSessionName("doomed"))
                .credentials();
        var id = AwsSessionCredentialsIdentity.create(doomed.accessKeyId(), doomed.secretAccessKey(),
                doomed.sessionToken());
        JsonNode before = decide(forward(get(id, "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg"));
        assertThat(before.path("decision").asText()).as(before.toString()).isEqualTo("Allow");
        HttpResponse<String> revoked = dev.opensts.tools.SignedRequest.send(dev.opensts.tools.SignedRequest.request(
                replica.endpoint(), new dev.opensts.sigv4.SigningCredentials(cluster.rootAccessKeyId(),
                        cluster.rootSecretAccessKey(), null), "us-east-1",
                java.util.List.of(java.util.Map.entry("Action", "RevokeSessions"),
                        java.util.Map.entry("Version", "2011-06-15"),
                        java.util.Map.entry("AccessKeyId", doomed.accessKeyId()))));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        JsonNode after = decide(forward(get(id, "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg"));
        assertThat(after.path("decision").asText()).isEqualTo("Deny");
        assertThat(after.at("/error/code").asText()).isEqualTo("InvalidClientTokenId");
        assertThat(after.at("/error/httpStatus").asInt()).isEqualTo(403);
    }

    @Test
    void theBodyOrOnlyItsHashIsForwarded() throws Exception {
        byte[] body = "a photo".getBytes(StandardCharsets.UTF_8);
        String res = "arn:aws:s3:::photos/up.jpg";
        for (boolean header : new boolean[]{true, false}) {
            SdkHttpRequest put = sign(aliceId(), SdkHttpMethod.PUT, "/photos/up.jpg", body, header);
            assertThat(decide(forward(put, body, false, "s3:PutObject", res)).path("decision").asText())
                    .as("body, header " + header).isEqualTo("Allow");
            assertThat(decide(forward(put, body, true, "s3:PutObject", res)).path("decision").asText())
                    .as("sha, header " + header).isEqualTo("Allow");
            // another body than the one signed
            ObjectNode other = forward(put, body, true, "s3:PutObject", res);
            ((ObjectNode) other.get("request")).put("bodySha256", sha256("another".getBytes(StandardCharsets.UTF_8)));
            JsonNode d = decide(other);
            assertThat(d.path("decision").asText()).isEqualTo("Deny");
            // (the SDK's signer sends x-amz-content-sha256 for s3 even when not asked to)
            assertThat(d.at("/error/code").asText()).isIn("XAmzContentSHA256Mismatch", "SignatureDoesNotMatch");
        }
    }

    @Test
    void theEndpointNeedsItsBearerToken() throws Exception {
        String in = forward(get(aliceId(), "/photos/a.jpg"), new byte[0], false, "s3:GetObject",
                "arn:aws:s3:::photos/a.jpg").toString();
        HttpResponse<String> none = post(in, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).path("code").asText()).isEqualTo("Unauthorized");
        assertThat(post(in, TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(post(in, cluster.adminToken()).statusCode()).isEqualTo(401);
    }

    @Test
    void malformedCallsAre400WithJson() throws Exception {
        HttpResponse<String> r = post("{not json", TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("MalformedRequest");
        ObjectNode noAction = forward(get(aliceId(), "/photos/a.jpg"), new byte[0], false, "s3:GetObject", "x");
        noAction.remove("action");
        HttpResponse<String> r2 = post(noAction.toString(), TOKEN);
        assertThat(r2.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r2.body()).path("message").asText()).contains("action");
    }

    @Test
    void openApiDescribesTheEndpoint() throws Exception {
        // on the management interface, like health and metrics
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint()
                        .resolve("/q/openapi?format=json"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.at("/paths/~1opensts~1v1~1authorize/post/summary").asText()).contains("forwarded");
        assertThat(doc.at("/components/schemas/AuthorizeRequest").isMissingNode()).isFalse();
    }
}

package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.SdkProbe;
import dev.opensts.testinfra.SelfSignedCertificate;
import dev.opensts.testinfra.TestIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * AssumeRoleWithWebIdentity end to end: an HTTPS OpenID Connect issuer started by the test (self-signed, trusted by its
 * thumbprint only), a provider and roles made with the unmodified IAM client, tokens shaped as Kubernetes, GitHub
 * Actions and Keycloak issue them, and the unmodified SDK: the default credential chain in a JVM of its own configured
 * only by AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ENDPOINT_URL_STS, and the STS client for the answer's
 * fields and every refusal.
 */
class WebIdentityIT extends IamItBase {
    static final String SUB = "system:serviceaccount:team-a:builder";
    static final String DECISION_TOKEN = "decision-web-identity-it";

    TestIssuer issuer;
    /** A cluster's own issuer: keys only for a bearer token, TLS by the cluster's CA (trusted by no thumbprint). */
    TestIssuer inCluster;
    RSAKey key;
    String providerArn;
    String builderArn;
    StsClient anonymous;

    /** The in-cluster issuer exists before the replica starts: the replica's settings name it. */
    @Override
    protected Map<String, String> clusterEnv() {
        try {
            Path dir = Files.createTempDirectory("in-cluster");
            SelfSignedCertificate cert = SelfSignedCertificate.create(dir, "kubernetes");
            inCluster = new TestIssuer(cert);
            inCluster.requiredBearer = "the-replicas-own-projected-token";
            Path token = dir.resolve("token");
            Files.writeString(token, inCluster.requiredBearer + "\n");
            return Map.of("OPENSTS_DECISION_TOKEN", DECISION_TOKEN,
                    "OPENSTS_WEB_IDENTITY_IN_CLUSTER_ISSUERS", inCluster.issuerUrl(),
                    "OPENSTS_WEB_IDENTITY_IN_CLUSTER_TOKEN_FILE", token.toString(),
                    "OPENSTS_WEB_IDENTITY_IN_CLUSTER_CA_FILE", cert.certFile().toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void issuerAndRoles() throws Exception {
        Path dir = Files.createTempDirectory("issuer");
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir, "issuer");
        issuer = new TestIssuer(cert);
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        issuer.keys = new JWKSet(key.toPublicJWK());
        String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(cert.certificate().getEncoded()));
        providerArn = iam.createOpenIDConnectProvider(r -> r.url(issuer.issuerUrl())
                .clientIDList("sts.amazonaws.com", "ci-client").thumbprintList(thumbprint))
                .openIDConnectProviderArn();
        builderArn = role("ci-builder", "{\"StringEquals\":{\"" + issuer.url() + ":sub\":\"" + SUB + "\",\""
                + issuer.url() + ":aud\":\"sts.amazonaws.com\"}}", "\"sts:AssumeRoleWithWebIdentity\"");
        iam.putRolePolicy(r -> r.roleName("ci-builder").policyName("read-roles")
                .policyDocument(allow("iam:GetRole", "*")));
        anonymous = StsClient.builder().endpointOverride(replica.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    @AfterAll
    void closeIssuer() {
        if (issuer != null) {
            issuer.close();
        }
        if (anonymous != null) {
            anonymous.close();
        }
        if (inCluster != null) {
            inCluster.close();
        }
    }

    String role(String name, String condition, String actions) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":" + actions + (condition == null ? "" : ",\"Condition\":" + condition)
                + "}]}";
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)).role().arn();
    }

    String token(Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        return token(key, claims);
    }

    String token(RSAKey signer, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        Instant now = Instant.now();
        var b = new JWTClaimsSet.Builder().issuer(issuer.issuerUrl()).audience("sts.amazonaws.com")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
        claims.accept(b);
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID())
                .type(JOSEObjectType.JWT).build(), b.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    /** A projected Kubernetes service-account token of a pod of team-a's builder. */
    String kubernetesToken() throws Exception {
        return token(b -> b.subject(SUB).claim("kubernetes.io", Map.of("namespace", "team-a",
                "serviceaccount", Map.of("name", "builder", "uid", "3f1f0c1e-sa"),
                "pod", Map.of("name", "builder-7d9f6", "uid", "9a7e1b2c-pod"))));
    }

    AssumeRoleWithWebIdentityResponse assume(String roleArn, String token) {
        return anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(roleArn).roleSessionName("pod-1")
                .webIdentityToken(token));
    }

    StsException refused(String roleArn, String token, String code, int status) {
        StsException e = catchThrowableOfType(StsException.class, () -> assume(roleArn, token));
        assertThat(e).as("refused with %s", code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        return e;
    }

    StsClient as(Credentials c) {
        return StsClient.builder().endpointOverride(replica.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(),
                        c.secretAccessKey(), c.sessionToken())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    @Test
    void the_default_credential_chain_gets_role_credentials_from_a_kubernetes_token_file() throws Exception {
        Path file = Files.createTempDirectory("sa").resolve("token");
        Files.writeString(file, kubernetesToken());

        List<String> out = SdkProbe.run(Map.of(
                "AWS_ROLE_ARN", builderArn,
                "AWS_WEB_IDENTITY_TOKEN_FILE", file.toString(),
                "AWS_ROLE_SESSION_NAME", "pod-1",
                "AWS_ENDPOINT_URL_STS", replica.endpoint().toString(),
                "AWS_ENDPOINT_URL_IAM", replica.endpoint().toString(),
                "AWS_REGION", "us-east-1"), "GetRole:ci-builder", "ListUsers");

        assertThat(out).contains("identity=arn:aws:sts::" + ACCOUNT + ":assumed-role/ci-builder/pod-1",
                "GetRole:ci-builder=ok", "ListUsers=AccessDenied");
    }

    @Test
    void the_answer_names_the_subject_the_provider_and_the_audience() throws Exception {
        var r = assume(builderArn, kubernetesToken());

        assertThat(r.subjectFromWebIdentityToken()).isEqualTo(SUB);
        assertThat(r.provider()).isEqualTo(issuer.issuerUrl());
        assertThat(r.audience()).isEqualTo("sts.amazonaws.com");
        assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/ci-builder/pod-1");
        assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
        try (StsClient session = as(r.credentials())) {
            assertThat(session.getCallerIdentity().arn()).isEqualTo(r.assumedRoleUser().arn());
        }
    }

    @Test
    void the_issuance_and_a_denial_are_on_the_audit_topic_with_the_identity_and_never_the_token() throws Exception {
        String token = kubernetesToken();
        var granted = assume(builderArn, token);
        String forged = token(new RSAKeyGenerator(2048).keyID("k1").generate(), b -> b.subject(SUB));
        StsException denied = refused(builderArn, forged, "InvalidIdentityToken", 400);

        var seen = new java.util.ArrayList<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>>();
        try (var consumer = Sts.issuanceConsumer(cluster)) {
            var g = Sts.awaitRecord(consumer, seen, granted.responseMetadata().requestId());
            String raw = new String(g.value(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(raw).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .doesNotContain(granted.credentials().secretAccessKey());
            var d = Sts.JSON.readTree(g.value()).path("data");
            assertThat(d.path("eventName").asText()).isEqualTo("AssumeRoleWithWebIdentity");
            assertThat(d.path("userIdentity").path("type").asText()).isEqualTo("WebIdentityUser");
            assertThat(d.path("userIdentity").path("identityProvider").asText()).isEqualTo(issuer.url());
            assertThat(d.path("userIdentity").path("userName").asText()).isEqualTo(SUB);
            assertThat(d.path("responseElements").path("subjectFromWebIdentityToken").asText()).isEqualTo(SUB);
            assertThat(d.path("responseElements").path("audience").asText()).isEqualTo("sts.amazonaws.com");
            assertThat(d.path("requestParameters").has("webIdentityToken")).isFalse();

            var r = Sts.awaitRecord(consumer, seen, denied.requestId());
            String rawDenied = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(rawDenied).doesNotContain(forged.substring(forged.lastIndexOf('.') + 1)).doesNotContain(SUB);
            assertThat(Sts.JSON.readTree(r.value()).path("data").path("errorCode").asText())
                    .isEqualTo("InvalidIdentityToken");
        }
    }

    @Test
    void a_github_actions_token_is_admitted_by_its_repository_and_branch() throws Exception {
        String arn = role("gha-deploy", "{\"StringLike\":{\"" + issuer.url()
                + ":sub\":\"repo:acme/web:ref:refs/heads/main\"}}", "\"sts:AssumeRoleWithWebIdentity\"");
        String main = token(b -> b.subject("repo:acme/web:ref:refs/heads/main").claim("repository", "acme/web")
                .claim("ref", "refs/heads/main").claim("job_workflow_ref", "acme/web/.github/workflows/d.yml@main"));
        String branch = token(b -> b.subject("repo:acme/web:ref:refs/heads/feature").claim("repository", "acme/web"));

        assertThat(assume(arn, main).subjectFromWebIdentityToken()).isEqualTo("repo:acme/web:ref:refs/heads/main");
        refused(arn, branch, "AccessDenied", 403);
    }

    @Test
    void a_keycloak_token_is_admitted_by_its_authorized_party_with_its_session_tags() throws Exception {
        String arn = role("kc-analyst", null, "[\"sts:AssumeRoleWithWebIdentity\",\"sts:TagSession\"]");
        String kc = token(b -> b.subject("5d8c3c2e-1b1f-4b7e-9d5e-1c9f2a7b3e41").audience("account")
                .claim("azp", "ci-client").claim("preferred_username", "alice")
                .claim("https://aws.amazon.com/tags", Map.of("principal_tags", Map.of("team", List.of("analytics")),
                        "transitive_tag_keys", List.of("team"))));

        var r = assume(arn, kc);

        assertThat(r.audience()).isEqualTo("ci-client");
        assertThat(r.packedPolicySize()).isNotNull();
    }

    @Test
    void every_bad_token_answers_aws_error_and_no_5xx() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey unknownKid = new RSAKeyGenerator(2048).keyID("nope").generate();

        refused(builderArn, token(stranger, b -> b.subject(SUB)), "InvalidIdentityToken", 400);
        refused(builderArn, token(unknownKid, b -> b.subject(SUB)), "InvalidIdentityToken", 400);
        refused(builderArn, token(b -> b.subject(SUB).expirationTime(Date.from(Instant.now().minusSeconds(3600)))),
                "ExpiredTokenException", 400);
        refused(builderArn, token(b -> b.subject(SUB).audience("someone-else")), "InvalidIdentityToken", 400);
        refused(builderArn, token(b -> b.subject(SUB).issuer("https://unknown.example.com")), "InvalidIdentityToken",
                400);
        refused(builderArn, "not.a.jwt", "InvalidIdentityToken", 400);
        refused(builderArn, token(b -> b.subject("system:serviceaccount:team-b:builder")), "AccessDenied", 403);
        refused("arn:aws:iam::" + ACCOUNT + ":role/does-not-exist", kubernetesToken(), "AccessDenied", 403);
        refused(builderArn, token(b -> b.subject(SUB).claim("https://aws.amazon.com/tags", "not an object")),
                "IDPRejectedClaim", 403);
    }

    @Test
    void an_in_cluster_issuer_is_read_with_the_replicas_own_token_and_the_clusters_ca() throws Exception {
        inCluster.keys = new JWKSet(key.toPublicJWK());
        String provider = iam.createOpenIDConnectProvider(r -> r.url(inCluster.issuerUrl())
                .clientIDList("sts.amazonaws.com")).openIDConnectProviderArn();
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Federated\":\"" + provider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}";
        String arn = iam.createRole(r -> r.roleName("in-cluster").assumeRolePolicyDocument(trust)).role().arn();
        String token = token(b -> b.issuer(inCluster.issuerUrl()).subject(SUB));

        assertThat(assume(arn, token).subjectFromWebIdentityToken()).isEqualTo(SUB);
        assertThat(inCluster.unauthorized.get()).as("every fetch carried the bearer token").isZero();
        assertThat(inCluster.jwksRequests.get()).isEqualTo(1);
    }

    @Test
    void a_pods_session_is_decided_by_the_decision_endpoint_with_its_namespace_as_a_principal_tag() throws Exception {
        String arn = role("ns-reader", null, "[\"sts:AssumeRoleWithWebIdentity\",\"sts:TagSession\"]");
        iam.putRolePolicy(r -> r.roleName("ns-reader").policyName("own-namespace").policyDocument(
                allow("s3:GetObject", "arn:aws:s3:::team-data/${aws:PrincipalTag/kubernetes-namespace}/*")));
        Credentials c = assume(arn, kubernetesToken()).credentials();
        var id = software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity.create(c.accessKeyId(),
                c.secretAccessKey(), c.sessionToken());

        assertThat(decision(id, "/team-data/team-a/report.csv", "arn:aws:s3:::team-data/team-a/report.csv"))
                .isEqualTo("Allow");
        assertThat(decision(id, "/team-data/team-b/report.csv", "arn:aws:s3:::team-data/team-b/report.csv"))
                .isEqualTo("Deny");
    }

    /** What the decision endpoint answers a resource service for a GET signed with these credentials. */
    String decision(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity id, String path, String resource)
            throws Exception {
        var in = DecisionEndpointIT.forward(DecisionEndpointIT.get(id, path), new byte[0], false, "s3:GetObject",
                resource);
        var request = java.net.http.HttpRequest.newBuilder(replica.endpoint().resolve("/opensts/v1/authorize"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + DECISION_TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(in.toString())).build();
        var r = HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("decision").asText();
    }

    @Test
    void revoking_the_subject_ends_its_sessions_on_the_replica_at_once() throws Exception {
        String arn = role("revocable", "{\"StringEquals\":{\"" + issuer.url()
                + ":sub\":\"system:serviceaccount:team-r:job\"}}", "\"sts:AssumeRoleWithWebIdentity\"");
        var r = assume(arn, token(b -> b.subject("system:serviceaccount:team-r:job")));
        try (StsClient session = as(r.credentials());
             StsClient admin = Clients.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey())) {
            assertThat(session.getCallerIdentity().arn()).endsWith("assumed-role/revocable/pod-1");

            var revoked = RevocationIT.revoke(replica, new SigningCredentials(cluster.rootAccessKeyId(),
                    cluster.rootSecretAccessKey(), null), "WebIdentityProvider", providerArn, "WebIdentitySubject",
                    "system:serviceaccount:team-r:job");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

            StsException e = catchThrowableOfType(StsException.class, session::getCallerIdentity);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(admin.getCallerIdentity().arn()).as("others unaffected").endsWith(":root");
        }
    }
}

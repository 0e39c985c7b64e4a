package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.opensts.testinfra.SdkProbe;
import dev.opensts.testinfra.SelfSignedCertificate;
import dev.opensts.testinfra.TestIssuer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociation;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociationSummary;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * EKS Pod Identity end to end: clusters are OpenID Connect providers tagged with their names (each an HTTPS issuer
 * started by the test, trusted by its certificate's thumbprint only), associations are managed by the unmodified SDK
 * v2 EksClient, and the unmodified SDK's container credential provider gets a pod's role credentials from the
 * container-credentials endpoint with a Kubernetes-shaped token file, then calls STS and IAM with them.
 */
class PodIdentityIT extends IamItBase {
    static final String AUDIENCE = "pods.opensts.dev";
    static final String CLUSTER_TAG = "opensts:eks-cluster-name";

    TestIssuer prod;
    TestIssuer staging;
    RSAKey prodKey;
    RSAKey stagingKey;
    String podRoleArn;
    String otherRoleArn;
    EksClient eks;
    String otherAccount;
    EksClient otherEks;

    @BeforeAll
    void clustersRolesAndClients() throws Exception {
        Path dir = Files.createTempDirectory("issuers");
        prodKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        stagingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        SelfSignedCertificate prodCert = SelfSignedCertificate.create(dir, "prod");
        SelfSignedCertificate stagingCert = SelfSignedCertificate.create(dir, "staging");
        prod = issuer(prodCert, prodKey);
        staging = issuer(stagingCert, stagingKey);
        String prodProvider = provider(prod, prodCert, "prod");
        String stagingProvider = provider(staging, stagingCert, "staging");
        podRoleArn = role("pod-app", prodProvider, prod);
        iam.putRolePolicy(r -> r.roleName("pod-app").policyName("read-roles").policyDocument(allow("iam:GetRole",
                "*")));
        otherRoleArn = role("pod-other", prodProvider, prod);
        role("staging-app", stagingProvider, staging);
        eks = eks(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());

        HttpResponse<String> r = admin("POST", cluster.adminToken(), "{\"name\":\"pods-b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r.body());
        otherAccount = body.get("accountId").asText();
        otherEks = eks(body.get("rootAccessKeyId").asText(), body.get("rootSecretAccessKey").asText());
    }

    @AfterAll
    void closeAll() {
        for (AutoCloseable c : new AutoCloseable[]{prod, staging, eks, otherEks}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // test resources only
            }
        }
    }

    static TestIssuer issuer(SelfSignedCertificate cert, RSAKey key) throws Exception {
        TestIssuer issuer = new TestIssuer(cert);
        issuer.keys = new JWKSet(key.toPublicJWK());
        return issuer;
    }

    /** The cluster's provider: the issuer pinned by its certificate's thumbprint, tagged with the cluster's name. */
    String provider(TestIssuer issuer, SelfSignedCertificate cert, String clusterName) throws Exception {
        String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(cert.certificate().getEncoded()));
        return iam.createOpenIDConnectProvider(r -> r.url(issuer.issuerUrl()).clientIDList(AUDIENCE)
                .thumbprintList(thumbprint).tags(software.amazon.awssdk.services.iam.model.Tag.builder()
                        .key(CLUSTER_TAG).value(clusterName).build())).openIDConnectProviderArn();
    }

    /** A role that the provider's tokens for its audience may assume (with their pod tags). */
    String role(String name, String providerArn, TestIssuer issuer) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":[\"sts:AssumeRoleWithWebIdentity\",\"sts:TagSession\"],"
                + "\"Condition\":{\"StringEquals\":{\"" + issuer.url() + ":aud\":\"" + AUDIENCE + "\"}}}]}";
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)).role().arn();
    }

    EksClient eks(String keyId, String secret) {
        return EksClient.builder().endpointOverride(replica.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    /** A projected service-account token of a pod of {@code ns/sa}, issued by {@code issuer}, signed by {@code key}. */
    static String podToken(TestIssuer issuer, RSAKey key, String ns, String sa, Consumer<JWTClaimsSet.Builder> more)
            throws Exception {
        Instant now = Instant.now();
        var b = new JWTClaimsSet.Builder().issuer(issuer.issuerUrl()).audience(AUDIENCE)
                .subject("system:serviceaccount:" + ns + ":" + sa)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("kubernetes.io", Map.of("namespace", ns,
                        "serviceaccount", Map.of("name", sa, "uid", "3f1f0c1e-sa"),
                        "pod", Map.of("name", sa + "-7d9f6", "uid", "9a7e1b2c-pod")));
        more.accept(b);
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), b.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    String prodToken(String ns, String sa) throws Exception {
        return podToken(prod, prodKey, ns, sa, b -> { });
    }

    String endpoint(String account, String clusterName) {
        return replica.endpoint().resolve("/v1/container-credentials/" + account + "/" + clusterName).toString();
    }

    PodIdentityAssociation associate(String clusterName, String ns, String sa, String roleArn) {
        return eks.createPodIdentityAssociation(r -> r.clusterName(clusterName).namespace(ns).serviceAccount(sa)
                .roleArn(roleArn)).association();
    }

    static <E extends EksException> E eksFails(ThrowingCallable call, Class<E> type, String code, int status) {
        E e = catchThrowableOfType(type, call);
        assertThat(e).as("expected %s (%s)", type.getSimpleName(), code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.requestId()).as("request id").isNotBlank();
        return e;
    }

    /** GET on the endpoint with this Authorization header (none when null): status and JSON body. */
    HttpResponse<String> get(String url, String authorization) throws Exception {
        var b = HttpRequest.newBuilder(java.net.URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the EKS API ----

    @Test
    void the_eks_client_manages_a_clusters_associations() {
        String ns = unique("life").replace('-', 'x');
        PodIdentityAssociation a = eks.createPodIdentityAssociation(r -> r.clusterName("prod").namespace(ns)
                .serviceAccount("builder").roleArn(podRoleArn).tags(Map.of("team", "a"))).association();
        assertThat(a.associationId()).matches("a-[a-z0-9]{17}");
        assertThat(a.associationArn()).isEqualTo("arn:aws:eks:us-east-1:" + ACCOUNT + ":podidentityassociation/prod/"
                + a.associationId());
        assertThat(a.clusterName()).isEqualTo("prod");
        assertThat(a.roleArn()).isEqualTo(podRoleArn);
        assertThat(a.tags()).isEqualTo(Map.of("team", "a"));
        assertThat(a.createdAt()).isNotNull().isEqualTo(a.modifiedAt());
        assertThat(a.ownerArn()).isNull();

        var described = eks.describePodIdentityAssociation(r -> r.clusterName("prod").associationId(a.associationId()))
                .association();
        assertThat(described).isEqualTo(a);

        // a second association for the same service account, whatever its role
        eksFails(() -> associate("prod", ns, "builder", otherRoleArn), ResourceInUseException.class,
                "ResourceInUseException", 409);

        var updated = eks.updatePodIdentityAssociation(r -> r.clusterName("prod").associationId(a.associationId())
                .roleArn(otherRoleArn)).association();
        assertThat(updated.roleArn()).isEqualTo(otherRoleArn);
        assertThat(updated.modifiedAt()).isAfterOrEqualTo(a.modifiedAt());
        assertThat(updated.createdAt()).isEqualTo(a.createdAt());

        var deleted = eks.deletePodIdentityAssociation(r -> r.clusterName("prod").associationId(a.associationId()))
                .association();
        assertThat(deleted.associationId()).isEqualTo(a.associationId());
        eksFails(() -> eks.describePodIdentityAssociation(r -> r.clusterName("prod").associationId(a.associationId())),
                ResourceNotFoundException.class, "ResourceNotFoundException", 404);
        assertThat(associate("prod", ns, "builder", podRoleArn).associationId()).isNotEqualTo(a.associationId());
    }

    @Test
    void listings_page_with_next_tokens_and_filter_by_namespace_and_service_account() {
        String ns = unique("list").replace('-', 'x');
        for (String sa : List.of("c", "a", "b")) {
            associate("prod", ns, sa, podRoleArn);
        }
        associate("prod", ns + "x", "a", podRoleArn);
        var seen = new ArrayList<String>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            var page = eks.listPodIdentityAssociations(r -> r.clusterName("prod").namespace(ns).maxResults(2)
                    .nextToken(t));
            page.associations().forEach(s -> seen.add(s.serviceAccount()));
            assertThat(page.associations()).allSatisfy(s -> assertThat(s.associationArn()).contains(
                    ":podidentityassociation/prod/" + s.associationId()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(pages).isEqualTo(2);
        assertThat(eks.listPodIdentityAssociations(r -> r.clusterName("prod").serviceAccount("a")).associations())
                .extracting(PodIdentityAssociationSummary::namespace).contains(ns, ns + "x");
        eksFails(() -> eks.listPodIdentityAssociations(r -> r.clusterName("prod").maxResults(101)),
                InvalidParameterException.class, "InvalidParameterException", 400);
    }

    @Test
    void bad_requests_answer_eks_errors() {
        var e = eksFails(() -> associate("no-such-cluster", "ns", "sa", podRoleArn), ResourceNotFoundException.class,
                "ResourceNotFoundException", 404);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No cluster found for name: no-such-cluster.");
        eksFails(() -> associate("prod", "ns", "sa", "arn:aws:iam::" + otherAccount + ":role/pod-app"),
                InvalidParameterException.class, "InvalidParameterException", 400);
        eksFails(() -> associate("prod", "ns", "sa", "arn:aws:iam::" + ACCOUNT + ":role/missing"),
                InvalidParameterException.class, "InvalidParameterException", 400);
        eksFails(() -> associate("prod", "Not_A_Namespace", "sa", podRoleArn), InvalidParameterException.class,
                "InvalidParameterException", 400);
        eksFails(() -> eks.createPodIdentityAssociation(r -> r.clusterName("prod").namespace("ns").serviceAccount("sa")
                        .roleArn(podRoleArn).targetRoleArn(otherRoleArn)), InvalidParameterException.class,
                "InvalidParameterException", 400);
        eksFails(() -> eks.describePodIdentityAssociation(r -> r.clusterName("prod").associationId("a-nope")),
                InvalidParameterException.class, "InvalidParameterException", 400);
    }

    @Test
    void another_account_neither_sees_nor_changes_them_and_a_user_needs_the_eks_permission() throws Exception {
        String ns = unique("mine").replace('-', 'x');
        var a = associate("prod", ns, "builder", podRoleArn);

        eksFails(() -> otherEks.describePodIdentityAssociation(r -> r.clusterName("prod")
                .associationId(a.associationId())), ResourceNotFoundException.class, "ResourceNotFoundException", 404);
        eksFails(() -> otherEks.deletePodIdentityAssociation(r -> r.clusterName("prod")
                .associationId(a.associationId())), ResourceNotFoundException.class, "ResourceNotFoundException", 404);
        eksFails(() -> otherEks.listPodIdentityAssociations(r -> r.clusterName("prod")), ResourceNotFoundException.class,
                "ResourceNotFoundException", 404);
        eksFails(() -> otherEks.createPodIdentityAssociation(r -> r.clusterName("prod").namespace(ns)
                        .serviceAccount("builder").roleArn(podRoleArn)), ResourceNotFoundException.class,
                "ResourceNotFoundException", 404);
        // the other account's own path to this account's cluster gets nothing for this account's pod
        HttpResponse<String> r = get(endpoint(otherAccount, "prod"), prodToken(ns, "builder"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);

        String[] user = userWithKey("eks-user");
        try (EksClient asUser = eks(user[1], user[2])) {
            var denied = eksFails(() -> asUser.describePodIdentityAssociation(q -> q.clusterName("prod")
                    .associationId(a.associationId())), EksException.class, "AccessDeniedException", 403);
            assertThat(denied.awsErrorDetails().errorMessage()).contains("eks:DescribePodIdentityAssociation",
                    a.associationArn());
            iam.putUserPolicy(q -> q.userName(user[0]).policyName("eks").policyDocument(
                    allow("eks:DescribePodIdentityAssociation", "arn:aws:eks:*:" + ACCOUNT
                            + ":podidentityassociation/prod/*")));
            assertThat(asUser.describePodIdentityAssociation(q -> q.clusterName("prod")
                    .associationId(a.associationId())).association().associationId()).isEqualTo(a.associationId());
            eksFails(() -> asUser.listPodIdentityAssociations(q -> q.clusterName("prod")), EksException.class,
                    "AccessDeniedException", 403);
        }
    }

    @Test
    void an_unsigned_request_is_refused_before_anything_is_read() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.endpoint().resolve(
                "/clusters/prod/pod-identity-associations")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationToken");
        assertThat(json(r.body()).path("message").asText()).isNotBlank();
    }

    @Test
    void a_new_replica_boots_the_associations_from_the_postgres_snapshot() throws Exception {
        String ns = unique("boot").replace('-', 'x');
        var a = associate("prod", ns, "builder", podRoleArn);
        eks.updatePodIdentityAssociation(r -> r.clusterName("prod").associationId(a.associationId())
                .roleArn(otherRoleArn));
        String streamId = "arn:aws:eks::" + ACCOUNT + ":podidentityassociation/prod/" + ns + "/builder";
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> projected(streamId).equals("podidentityassociation 2 true"));

        var b = cluster.startReplica("b");
        try (EksClient fromB = EksClient.builder().endpointOverride(b.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        cluster.rootAccessKeyId(), cluster.rootSecretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(q -> q.maxAttempts(1))).build()) {
            var got = fromB.describePodIdentityAssociation(r -> r.clusterName("prod")
                    .associationId(a.associationId())).association();
            assertThat(got.roleArn()).isEqualTo(otherRoleArn);
            assertThat(got.namespace()).isEqualTo(ns);
            assertThat(got.createdAt()).isEqualTo(a.createdAt());
        } finally {
            b.stop();
        }
    }

    /** "kind version has-compact-snapshot" of a stream's row in iam_aggregates, or "" when it has none. */
    private String projected(String streamId) throws Exception {
        try (java.sql.Connection c = cluster.infra().postgres().connect(cluster.database());
             var st = c.prepareStatement("SELECT kind, version, snapshot IS NOT NULL FROM iam_aggregates"
                     + " WHERE stream_id = ?")) {
            st.setString(1, streamId);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getLong(2) + " " + rs.getBoolean(3) : "";
            }
        }
    }

    // ---- the container-credentials endpoint ----

    @Test
    void the_sdks_container_provider_gets_the_pods_role_credentials_from_a_token_file() throws Exception {
        String ns = unique("sdk").replace('-', 'x');
        associate("prod", ns, "builder", podRoleArn);
        Path file = Files.createTempDirectory("sa").resolve("token");
        Files.writeString(file, prodToken(ns, "builder"));

        System.setProperty("aws.containerCredentialsFullUri", endpoint(ACCOUNT, "prod"));
        System.setProperty("aws.containerAuthorizationTokenFile", file.toString());
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            AwsCredentials c = provider.resolveCredentials();
            assertThat(c).isInstanceOf(AwsSessionCredentials.class);
            assertThat(c.accessKeyId()).startsWith("ASIA");
            assertThat(((AwsSessionCredentials) c).expirationTime()).hasValueSatisfying(t ->
                    assertThat(t).isAfter(Instant.now().plusSeconds(3000)));
            // AccountId is in the answer (checked below on the wire); this SDK's provider does not read it
            try (StsClient sts = sts(provider); IamClient asPod = iam(provider)) {
                assertThat(sts.getCallerIdentity().arn()).startsWith("arn:aws:sts::" + ACCOUNT
                        + ":assumed-role/pod-app/eks-prod-builder-7d9f6-");
                assertThat(asPod.getRole(r -> r.roleName("pod-app")).role().arn()).isEqualTo(podRoleArn);
                IamException denied = catchThrowableOfType(IamException.class, () -> asPod.listUsers());
                assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            }
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationTokenFile");
        }
    }

    @Test
    void the_default_credential_chain_of_a_pod_uses_the_container_variables() throws Exception {
        String ns = unique("chain").replace('-', 'x');
        associate("prod", ns, "builder", podRoleArn);
        Path file = Files.createTempDirectory("sa").resolve("token");
        Files.writeString(file, prodToken(ns, "builder"));

        List<String> out = SdkProbe.run(Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint(ACCOUNT, "prod"),
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.toString(),
                "AWS_ENDPOINT_URL_STS", replica.endpoint().toString(),
                "AWS_ENDPOINT_URL_IAM", replica.endpoint().toString(),
                "AWS_REGION", "us-east-1"), "GetRole:pod-app", "ListUsers");

        assertThat(out).anyMatch(l -> l.startsWith("identity=arn:aws:sts::" + ACCOUNT
                + ":assumed-role/pod-app/eks-prod-builder-7d9f6-"));
        assertThat(out).contains("GetRole:pod-app=ok", "ListUsers=AccessDenied");
    }

    @Test
    void every_refused_token_is_one_403_never_a_5xx_and_a_malformed_request_is_told() throws Exception {
        String ns = unique("neg").replace('-', 'x');
        associate("prod", ns, "builder", podRoleArn);
        associate("staging", ns, "builder", podRoleArn);
        String url = endpoint(ACCOUNT, "prod");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();

        var refused = new ArrayList<HttpResponse<String>>();
        // a token of another cluster whose namespace and service account have the same names
        refused.add(get(url, podToken(staging, stagingKey, ns, "builder", b -> { })));
        // a service account without association
        refused.add(get(url, prodToken(ns, "nobody")));
        // forged: signed by another key under the issuer's key id
        refused.add(get(url, podToken(prod, stranger, ns, "builder", b -> { })));
        // expired an hour ago
        refused.add(get(url, podToken(prod, prodKey, ns, "builder", b -> b
                .issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .notBeforeTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))))));
        // for another audience than the provider's client id
        refused.add(get(url, podToken(prod, prodKey, ns, "builder", b -> b.audience("someone-else"))));
        // a cluster the account does not have
        refused.add(get(endpoint(ACCOUNT, "nowhere"), prodToken(ns, "builder")));
        // not a JWT at all
        refused.add(get(url, "not.a.jwt"));
        for (HttpResponse<String> r : refused) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            JsonNode body = json(r.body());
            assertThat(body.path("code").asText()).isEqualTo("AccessDenied");
            assertThat(body.path("message").asText()).isEqualTo(json(refused.get(0).body()).path("message").asText());
        }

        HttpResponse<String> none = get(url, null);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
        assertThat(json(none.body()).path("code").asText()).isEqualTo("MissingAuthenticationToken");

        String huge = prodToken(ns, "builder") + "x".repeat(20_001);
        HttpResponse<String> tooLong = get(url, huge);
        assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.body()).doesNotContain("xxxxxxxx");
        HttpResponse<String> badPath = get(endpoint("12345", "prod"), prodToken(ns, "builder"));
        assertThat(badPath.statusCode()).as(badPath.body()).isEqualTo(400);

        // the good token works on the same endpoint, and nothing of any token is in the replica's log
        String good = prodToken(ns, "builder");
        HttpResponse<String> ok = get(url, good);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode creds = json(ok.body());
        assertThat(creds.fieldNames()).toIterable().containsExactly("AccessKeyId", "SecretAccessKey", "Token",
                "Expiration", "AccountId");
        assertThat(creds.path("Expiration").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(creds.path("AccountId").asText()).isEqualTo(ACCOUNT);
        assertThat(Files.readString(replica.logFile())).doesNotContain(good.substring(good.lastIndexOf('.') + 1));

        // and the SDK's provider, given a forged token, gets no credentials
        Path file = Files.createTempDirectory("sa").resolve("token");
        Files.writeString(file, podToken(prod, stranger, ns, "builder", b -> { }));
        System.setProperty("aws.containerCredentialsFullUri", url);
        System.setProperty("aws.containerAuthorizationTokenFile", file.toString());
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            assertThat(catchThrowableOfType(SdkClientException.class, provider::resolveCredentials)).isNotNull();
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationTokenFile");
        }
    }

    StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(replica.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    IamClient iam(AwsCredentialsProvider credentials) {
        return IamClient.builder().endpointOverride(replica.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build();
    }
}

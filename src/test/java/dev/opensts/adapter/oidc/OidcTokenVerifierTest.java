package dev.opensts.adapter.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.opensts.app.AppFixture.TestClock;
import dev.opensts.app.sts.webidentity.VerifiedToken;
import dev.opensts.app.sts.webidentity.WebIdentityProvider;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.testinfra.SelfSignedCertificate;
import dev.opensts.testinfra.TestCa;
import dev.opensts.testinfra.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The web identity token verifier against an HTTPS issuer in the test's process (self-signed certificate, pinned by
 * thumbprint), with tokens minted by nimbus-jose-jwt in the shapes Kubernetes, GitHub Actions and Keycloak issue.
 */
class OidcTokenVerifierTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Duration AWAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static SelfSignedCertificate cert;
    static SelfSignedCertificate otherCert;
    static RSAKey rsa;
    static RSAKey rsa2;
    static ECKey ec256;
    static ECKey ec384;
    static ECKey ec521;

    TestIssuer issuer;
    TestClock clock;
    OidcTokenVerifier verifier;
    WebIdentityProvider provider;

    @BeforeAll
    static void keys() throws Exception {
        cert = SelfSignedCertificate.create(dir, "issuer");
        otherCert = SelfSignedCertificate.create(dir, "other");
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        rsa2 = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        ec256 = new ECKeyGenerator(Curve.P_256).keyID("ec-256").generate();
        ec384 = new ECKeyGenerator(Curve.P_384).keyID("ec-384").generate();
        ec521 = new ECKeyGenerator(Curve.P_521).keyID("ec-521").generate();
    }

    @BeforeEach
    void start() throws Exception {
        issuer = new TestIssuer(cert);
        issuer.keys = new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec256.toPublicJWK(), ec384.toPublicJWK(),
                ec521.toPublicJWK()));
        clock = new TestClock(NOW);
        verifier = new OidcTokenVerifier(clock, OidcTokenVerifier.Limits.DEFAULTS);
        provider = provider(List.of(ProviderTrust.thumbprint(cert.certificate())), null);
    }

    @AfterEach
    void stop() {
        verifier.close();
        issuer.close();
    }

    WebIdentityProvider provider(List<String> thumbprints, WebIdentityProvider.InCluster inCluster) {
        return new WebIdentityProvider("arn:aws:iam::123456789012:oidc-provider/" + issuer.url(), issuer.issuerUrl(),
                List.of("open-sts", "sts.amazonaws.com"), thumbprints, inCluster);
    }

    // --- token shapes ---------------------------------------------------------------------------------------

    JWTClaimsSet.Builder kubernetes() {
        return new JWTClaimsSet.Builder()
                .issuer(issuer.issuerUrl())
                .subject("system:serviceaccount:team-a:builder")
                .audience("open-sts")
                .issueTime(Date.from(NOW.minusSeconds(30)))
                .notBeforeTime(Date.from(NOW.minusSeconds(30)))
                .expirationTime(Date.from(NOW.plusSeconds(3600)))
                .claim("kubernetes.io", Map.of(
                        "namespace", "team-a",
                        "node", Map.of("name", "node-1", "uid", "n-uid"),
                        "pod", Map.of("name", "builder-7d9f", "uid", "p-uid-1"),
                        "serviceaccount", Map.of("name", "builder", "uid", "sa-uid-1")));
    }

    JWTClaimsSet.Builder githubActions() {
        return new JWTClaimsSet.Builder()
                .issuer(issuer.issuerUrl())
                .subject("repo:octo-org/octo-repo:ref:refs/heads/main")
                .audience("sts.amazonaws.com")
                .jwtID("5ec39f0a-3e5b-4b3f-8d4c-1a2b3c4d5e6f")
                .issueTime(Date.from(NOW.minusSeconds(10)))
                .notBeforeTime(Date.from(NOW.minusSeconds(10)))
                .expirationTime(Date.from(NOW.plusSeconds(300)))
                .claim("repository", "octo-org/octo-repo")
                .claim("repository_owner", "octo-org")
                .claim("ref", "refs/heads/main")
                .claim("workflow", "deploy")
                .claim("event_name", "push")
                .claim("runner_environment", "github-hosted");
    }

    JWTClaimsSet.Builder keycloak() {
        return new JWTClaimsSet.Builder()
                .issuer(issuer.issuerUrl() + "/")
                .subject("f8d2a3c1-7b6e-4e0a-9c5d-2b1a0f9e8d7c")
                .audience(List.of("account", "realm-management"))
                .claim("azp", "open-sts")
                .claim("typ", "Bearer")
                .claim("amr", List.of("pwd", "otp"))
                .claim("preferred_username", "alice")
                .jwtID("kc-jti-1")
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(300)))
                .claim("https://aws.amazon.com/tags", Map.of(
                        "principal_tags", Map.of("Project", List.of("Automation"), "CostCenter", List.of("987654")),
                        "transitive_tag_keys", List.of("Project")))
                .claim("https://aws.amazon.com/source_identity", "alice");
    }

    static String sign(JWSAlgorithm alg, JWK key, JWTClaimsSet claims) throws Exception {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        var jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String rs256(JWTClaimsSet claims) throws Exception {
        return sign(JWSAlgorithm.RS256, rsa, claims);
    }

    VerifiedToken verify(String token) {
        return verifier.verify(token, provider).await().atMost(AWAIT);
    }

    AwsException refusal(String token) {
        return refusal(token, provider);
    }

    AwsException refusal(String token, WebIdentityProvider p) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> verifier.verify(token, p).await().atMost(AWAIT));
        assertThat(t).isInstanceOf(AwsException.class);
        AwsException e = (AwsException) t;
        if (!token.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(token);
        }
        return e;
    }

    // --- accepted tokens -----------------------------------------------------------------------------------

    @Test
    void aKubernetesServiceAccountToken() throws Exception {
        VerifiedToken t = verify(rs256(kubernetes().build()));
        assertThat(t.subject()).isEqualTo("system:serviceaccount:team-a:builder");
        assertThat(t.issuer()).isEqualTo(issuer.issuerUrl());
        assertThat(t.audience()).isEqualTo("open-sts");
        assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(t.notBefore()).isEqualTo(NOW.minusSeconds(30));
        assertThat(t.kubernetes()).isEqualTo(new VerifiedToken.Kubernetes("team-a", "builder", "sa-uid-1",
                "builder-7d9f", "p-uid-1"));
        assertThat(t.kubernetes().sessionTags()).containsExactly(
                Map.entry("kubernetes-namespace", "team-a"), Map.entry("kubernetes-service-account", "builder"),
                Map.entry("kubernetes-pod-name", "builder-7d9f"), Map.entry("kubernetes-pod-uid", "p-uid-1"));
        assertThat(t.principalTags()).isEmpty();
        assertThat(t.sourceIdentity()).isNull();
        assertThat(issuer.discoveryRequests.get()).isEqualTo(1);
        assertThat(issuer.jwksRequests.get()).isEqualTo(1);
    }

    @Test
    void aGitHubActionsToken() throws Exception {
        VerifiedToken t = verify(sign(JWSAlgorithm.ES256, ec256, githubActions().build()));
        assertThat(t.subject()).isEqualTo("repo:octo-org/octo-repo:ref:refs/heads/main");
        assertThat(t.audience()).isEqualTo("sts.amazonaws.com");
        assertThat(t.tokenId()).isEqualTo("5ec39f0a-3e5b-4b3f-8d4c-1a2b3c4d5e6f");
        assertThat(t.kubernetes()).isNull();
        assertThat(t.amr()).isEmpty();
    }

    @Test
    void aKeycloakTokenMatchedByAzpWithTagsAndSourceIdentity() throws Exception {
        VerifiedToken t = verify(sign(JWSAlgorithm.PS256, rsa, keycloak().build()));
        assertThat(t.audiences()).containsExactly("account", "realm-management");
        assertThat(t.audience()).isEqualTo("open-sts");
        assertThat(t.authorizedParty()).isEqualTo("open-sts");
        assertThat(t.amr()).containsExactly("pwd", "otp");
        assertThat(t.principalTags()).containsOnly(Map.entry("Project", "Automation"),
                Map.entry("CostCenter", "987654"));
        assertThat(t.transitiveTagKeys()).containsExactly("Project");
        assertThat(t.sourceIdentity()).isEqualTo("alice");
        assertThat(t.issuedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
    void everyAllowedAlgorithm(String name) throws Exception {
        JWSAlgorithm alg = JWSAlgorithm.parse(name);
        JWK key = switch (name) {
            case "ES256" -> ec256;
            case "ES384" -> ec384;
            case "ES512" -> ec521;
            default -> rsa;
        };
        assertThat(verify(sign(alg, key, kubernetes().build())).subject())
                .isEqualTo("system:serviceaccount:team-a:builder");
    }

    @Test
    void skewIsToleratedUpToTheBound() throws Exception {
        String token = rs256(kubernetes().expirationTime(Date.from(NOW.minusSeconds(59)))
                .notBeforeTime(Date.from(NOW.plusSeconds(59))).issueTime(Date.from(NOW.plusSeconds(59))).build());
        assertThat(verify(token).subject()).isNotNull();
    }

    @Test
    void theUnverifiedIssuerFindsTheProvider() throws Exception {
        assertThat(verifier.read(sign(JWSAlgorithm.PS256, rsa, keycloak().build())).issuer())
                .isEqualTo(provider.url());
        assertThat(catchCode(() -> verifier.read("not-a-token"))).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(catchCode(() -> verifier.read(rs256(kubernetes().issuer(null).build()))))
                .isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(issuer.jwksRequests.get()).isZero();
    }

    static ErrorCode catchCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(AwsException.class);
        return ((AwsException) t).code();
    }

    // --- every rejection -----------------------------------------------------------------------------------

    @Test
    void aBadSignatureIsInvalid() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        assertThat(refusal(sign(JWSAlgorithm.RS256, impostor, kubernetes().build())).code())
                .isEqualTo(ErrorCode.InvalidIdentityToken);
    }

    @Test
    void aTamperedPayloadIsInvalid() throws Exception {
        String[] parts = rs256(kubernetes().build()).split("\\.");
        String forged = rs256(kubernetes().subject("system:serviceaccount:kube-system:admin").build()).split("\\.")[1];
        assertThat(refusal(parts[0] + "." + forged + "." + parts[2]).code()).isEqualTo(ErrorCode.InvalidIdentityToken);
    }

    @Test
    void algNoneIsInvalid() {
        String token = new PlainJWT(kubernetes().build()).serialize();
        AwsException e = refusal(token);
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(e.getMessage()).contains("not a signed JWT");
        assertThat(issuer.jwksRequests.get()).isZero();
    }

    @Test
    void anHmacTokenIsInvalidEvenWithTheRsaModulusAsSecret() throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), kubernetes().build());
        jwt.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
        AwsException e = refusal(jwt.serialize());
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(e.getMessage()).contains("algorithm is not allowed");
        assertThat(issuer.jwksRequests.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.%%%.sig", "eyJ.eyJ.", "....."})
    void aMalformedTokenIsInvalid(String token) {
        assertThat(refusal(token).code()).isEqualTo(ErrorCode.InvalidIdentityToken);
    }

    @Test
    void aTokenOverTheSizeLimitIsInvalidBeforeParsing() throws Exception {
        String padding = "x".repeat(20_000);
        String token = rs256(kubernetes().claim("padding", padding).build());
        AwsException e = refusal(token);
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(e.getMessage()).contains("longer than 20000");
        assertThat(issuer.jwksRequests.get()).isZero();
    }

    @Test
    void anAudienceNotInTheClientIdListIsInvalid() throws Exception {
        AwsException e = refusal(rs256(kubernetes().audience(List.of("someone-else")).build()));
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(e.getMessage()).isEqualTo("Incorrect token audience");
        assertThat(refusal(rs256(kubernetes().audience((String) null).build())).code())
                .isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(issuer.jwksRequests.get()).isZero();
    }

    @Test
    void anotherIssuerIsInvalidAndCausesNoFetch() throws Exception {
        for (String iss : List.of("https://evil.example.com", "http://" + issuer.url(), issuer.issuerUrl() + "/x")) {
            AwsException e = refusal(rs256(kubernetes().issuer(iss).build()));
            assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
            assertThat(e.getMessage()).contains("issuer does not match");
        }
        assertThat(refusal(rs256(kubernetes().issuer(null).build())).code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(issuer.discoveryRequests.get()).isZero();
    }

    @Test
    void anExpiredTokenIsExpiredTokenException() throws Exception {
        AwsException e = refusal(rs256(kubernetes().expirationTime(Date.from(NOW.minusSeconds(61))).build()));
        assertThat(e.code()).isEqualTo(ErrorCode.ExpiredTokenException);
        assertThat(e.code().name()).isEqualTo("ExpiredTokenException");
    }

    @Test
    void aTokenWithoutExpiryOrSubjectIsInvalid() throws Exception {
        assertThat(refusal(rs256(kubernetes().expirationTime(null).build())).code())
                .isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(refusal(rs256(kubernetes().subject(null).build())).code())
                .isEqualTo(ErrorCode.InvalidIdentityToken);
    }

    @Test
    void aTokenNotYetValidIsInvalid() throws Exception {
        AwsException e = refusal(rs256(kubernetes().notBeforeTime(Date.from(NOW.plusSeconds(61))).build()));
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(e.getMessage()).contains("not valid yet");
    }

    @Test
    void aTokenIssuedInTheFutureIsInvalid() throws Exception {
        AwsException e = refusal(rs256(kubernetes().issueTime(Date.from(NOW.plusSeconds(61))).build()));
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(e.getMessage()).contains("issued in the future");
    }

    @Test
    void anUnknownKidIsInvalidAfterTheOneRefresh() throws Exception {
        verify(rs256(kubernetes().build()));
        clock.advance(Duration.ofSeconds(61));
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("unknown").generate();
        AwsException e = refusal(sign(JWSAlgorithm.RS256, stranger, kubernetes().build()));
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(e.getMessage()).contains("No key");
        assertThat(issuer.jwksRequests.get()).isEqualTo(2);
    }

    @Test
    void malformedAwsClaimsAreRejectedClaims() throws Exception {
        assertThat(refusal(rs256(kubernetes().claim("https://aws.amazon.com/tags", "Project=x").build())).code())
                .isEqualTo(ErrorCode.IDPRejectedClaim);
        assertThat(refusal(rs256(kubernetes().claim("https://aws.amazon.com/tags",
                Map.of("principal_tags", Map.of("Project", List.of("a", "b")))).build())).code())
                .isEqualTo(ErrorCode.IDPRejectedClaim);
        assertThat(refusal(rs256(kubernetes().claim("https://aws.amazon.com/tags",
                Map.of("transitive_tag_keys", "Project")).build())).code())
                .isEqualTo(ErrorCode.IDPRejectedClaim);
        assertThat(refusal(rs256(kubernetes().claim("https://aws.amazon.com/source_identity", 42).build())).code())
                .isEqualTo(ErrorCode.IDPRejectedClaim);
    }

    @Test
    void anUnreachableIssuerIsACommunicationErrorNotRetriedWithinTheInterval() throws Exception {
        String token = rs256(kubernetes().build());
        issuer.close();
        assertThat(refusal(token).code()).isEqualTo(ErrorCode.IDPCommunicationError);
        issuer = new TestIssuer(cert); // another port: the provider still points at the closed one
        assertThat(refusal(token).code()).isEqualTo(ErrorCode.IDPCommunicationError);
    }

    @Test
    void aFailingIssuerIsNotAskedAgainWithinTheInterval() throws Exception {
        issuer.jwksOverride = "not json";
        String token = rs256(kubernetes().build());
        for (int i = 0; i < 20; i++) {
            assertThat(refusal(token).code()).isEqualTo(ErrorCode.IDPCommunicationError);
        }
        assertThat(issuer.jwksRequests.get()).isEqualTo(1);
        issuer.jwksOverride = null;
        clock.advance(Duration.ofSeconds(60));
        assertThat(verify(token).subject()).isNotNull();
        assertThat(issuer.jwksRequests.get()).isEqualTo(2);
    }

    @Test
    void oversizeDocumentsAreCommunicationErrors() throws Exception {
        var small = new OidcTokenVerifier(clock, new OidcTokenVerifier.Limits(20_000, Duration.ofSeconds(60),
                Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10), 4096, 512));
        assertThat(issuer.keys.toString(true).length()).isGreaterThan(512);
        try {
            String token = rs256(kubernetes().build());
            Throwable declared = org.assertj.core.api.Assertions.catchThrowable(
                    () -> small.verify(token, provider).await().atMost(AWAIT));
            assertThat(((AwsException) declared).code()).isEqualTo(ErrorCode.IDPCommunicationError);
            issuer.chunked = true; // no Content-Length: the limit applies as the body arrives
            clock.advance(Duration.ofSeconds(60));
            Throwable streamed = org.assertj.core.api.Assertions.catchThrowable(
                    () -> small.verify(token, provider).await().atMost(AWAIT));
            assertThat(((AwsException) streamed).code()).isEqualTo(ErrorCode.IDPCommunicationError);
            assertThat(issuer.jwksRequests.get()).isEqualTo(2);
        } finally {
            small.close();
        }
    }

    @Test
    void aJwksUriThatIsNotHttpsIsACommunicationError() throws Exception {
        issuer.discoveryOverride = "{\"jwks_uri\":\"http://" + issuer.url() + "/keys\"}";
        assertThat(refusal(rs256(kubernetes().build())).code()).isEqualTo(ErrorCode.IDPCommunicationError);
        assertThat(issuer.jwksRequests.get()).isZero();
    }

    // --- keys: rotation, TTL and the refresh bound ---------------------------------------------------------

    @Test
    void aRotatedKeyIsPickedUpByTheOneRefresh() throws Exception {
        verify(rs256(kubernetes().build()));
        issuer.keys = new JWKSet(List.<JWK>of(rsa2.toPublicJWK()));
        String rotated = sign(JWSAlgorithm.RS256, rsa2, kubernetes().build());
        // within the interval of the first fetch: no refresh, the new kid is unknown
        assertThat(refusal(rotated).code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(issuer.jwksRequests.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(60));
        assertThat(verify(rotated).subject()).isEqualTo("system:serviceaccount:team-a:builder");
        assertThat(issuer.jwksRequests.get()).isEqualTo(2);
        // the old key is gone with the refresh
        clock.advance(Duration.ofSeconds(60));
        assertThat(refusal(rs256(kubernetes().build())).code()).isEqualTo(ErrorCode.InvalidIdentityToken);
    }

    @Test
    void keysAreFetchedAgainAfterTheirTtlAndKeptWhenThatFails() throws Exception {
        String token = rs256(kubernetes().expirationTime(Date.from(NOW.plus(Duration.ofHours(5)))).build());
        verify(token);
        clock.advance(Duration.ofMinutes(59));
        verify(token);
        assertThat(issuer.jwksRequests.get()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        verify(token);
        assertThat(issuer.jwksRequests.get()).isEqualTo(2);
        issuer.jwksOverride = "{";
        clock.advance(Duration.ofMinutes(61));
        assertThat(verify(token).subject()).isNotNull();
        assertThat(issuer.jwksRequests.get()).isEqualTo(3);
    }

    @Test
    void issuersIdleForFourTtlsAreForgotten() throws Exception {
        String token = rs256(kubernetes().expirationTime(Date.from(NOW.plus(Duration.ofDays(1)))).build());
        var pinnedUpperCase = provider(List.of(ProviderTrust.thumbprint(cert.certificate()).toUpperCase()), null);
        var withAnotherThumbprint = provider(List.of(ProviderTrust.thumbprint(cert.certificate()), "00".repeat(20)),
                null);
        verify(token);
        verifier.verify(token, pinnedUpperCase).await().atMost(AWAIT);
        assertThat(verifier.cachedIssuers()).isEqualTo(1); // the same trust: thumbprints compare in any case
        verifier.verify(token, withAnotherThumbprint).await().atMost(AWAIT);
        assertThat(verifier.cachedIssuers()).isEqualTo(2);
        clock.advance(Duration.ofHours(2));
        verify(token);
        clock.advance(Duration.ofHours(2));
        verify(token);
        assertThat(verifier.cachedIssuers()).isEqualTo(2); // the other was used 4 hours ago: not yet
        clock.advance(Duration.ofMinutes(1));
        verify(token);
        assertThat(verifier.cachedIssuers()).isEqualTo(1);
    }

    @Test
    void aThousandUnknownKidsCauseAtMostOneFetchPerInterval() throws Exception {
        verify(sign(JWSAlgorithm.ES256, ec256, githubActions().build()));
        assertThat(issuer.jwksRequests.get()).isEqualTo(1);
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ECKey k = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
            forged.add(sign(JWSAlgorithm.ES256, k, githubActions().build()));
        }
        // within the interval of the initial load: no fetch at all
        assertThat(verifyAll(forged)).allMatch(code -> code == ErrorCode.InvalidIdentityToken);
        assertThat(issuer.jwksRequests.get()).isEqualTo(1);

        // after the interval: the concurrent misses share one fetch, held open until all have asked
        clock.advance(Duration.ofSeconds(61));
        var gate = new CountDownLatch(1);
        issuer.jwksGate = gate;
        List<CompletableFuture<ErrorCode>> pending = forged.stream().map(this::outcome).toList();
        assertThat(pending).noneMatch(CompletableFuture::isDone);
        gate.countDown();
        assertThat(pending.stream().map(CompletableFuture::join)).allMatch(code -> code == ErrorCode.InvalidIdentityToken);
        assertThat(issuer.jwksRequests.get()).isEqualTo(2);
        assertThat(issuer.discoveryRequests.get()).isEqualTo(2);
    }

    CompletableFuture<ErrorCode> outcome(String token) {
        return verifier.verify(token, provider).subscribeAsCompletionStage().toCompletableFuture()
                .handle((ok, e) -> e instanceof AwsException a ? a.code() : null);
    }

    List<ErrorCode> verifyAll(List<String> tokens) {
        return tokens.stream().map(this::outcome).toList().stream().map(CompletableFuture::join).toList();
    }

    // --- TLS -----------------------------------------------------------------------------------------------

    @Test
    void anUntrustedCertificateWithoutItsThumbprintIsACommunicationError() throws Exception {
        String token = rs256(kubernetes().build());
        assertThat(refusal(token, provider(List.of(), null)).code()).isEqualTo(ErrorCode.IDPCommunicationError);
        assertThat(refusal(token, provider(List.of(ProviderTrust.thumbprint(otherCert.certificate())), null)).code())
                .isEqualTo(ErrorCode.IDPCommunicationError);
        assertThat(issuer.discoveryRequests.get()).isZero();
        // the thumbprint in any case is the one that makes it work
        var pinned = provider(List.of(ProviderTrust.thumbprint(cert.certificate()).toUpperCase()), null);
        assertThat(verifier.verify(token, pinned).await().atMost(AWAIT).subject()).isNotNull();
    }

    @Test
    void aLeafOfAPinnedCaIsTrustedAndAPinnedCertificateAppendedToAForeignChainIsNot() throws Exception {
        TestCa ca = TestCa.create("private-ca");
        TestCa.Leaf leaf = ca.leaf("issuer.internal");
        String caThumbprint = ProviderTrust.thumbprint(ca.certificate());
        try (var genuine = new TestIssuer(leaf.keys().getPrivate(), leaf.certificate(), ca.certificate())) {
            var p = new WebIdentityProvider("arn:aws:iam::123456789012:oidc-provider/" + genuine.url(),
                    genuine.url(), List.of("open-sts"), List.of(caThumbprint), null);
            genuine.keys = issuer.keys;
            String token = rs256(kubernetes().issuer(genuine.issuerUrl()).build());
            assertThat(verifier.verify(token, p).await().atMost(AWAIT).subject()).isNotNull();
        }
        // an impostor holding only its own key serves its certificate followed by the (public) pinned one
        try (var impostor = new TestIssuer(TestIssuer.privateKey(otherCert), otherCert.certificate(),
                ca.certificate())) {
            var p = new WebIdentityProvider("arn:aws:iam::123456789012:oidc-provider/" + impostor.url(),
                    impostor.url(), List.of("open-sts"), List.of(caThumbprint), null);
            impostor.keys = issuer.keys;
            String token = rs256(kubernetes().issuer(impostor.issuerUrl()).build());
            assertThat(refusal(token, p).code()).isEqualTo(ErrorCode.IDPCommunicationError);
            assertThat(impostor.discoveryRequests.get()).isZero();
        }
    }

    @Test
    void aPinnedCertificateIsAcceptedOnlyForTheHostItNames() throws Exception {
        TestCa ca = TestCa.create("private-ca");
        TestCa.Leaf elsewhere = ca.leaf("issuer.elsewhere", "10.1.2.3");
        try (var server = new TestIssuer(elsewhere.keys().getPrivate(), elsewhere.certificate(), ca.certificate())) {
            var p = new WebIdentityProvider("arn:aws:iam::123456789012:oidc-provider/" + server.url(), server.url(),
                    List.of("open-sts"), List.of(ProviderTrust.thumbprint(elsewhere.certificate())), null);
            server.keys = issuer.keys;
            String token = rs256(kubernetes().issuer(server.issuerUrl()).build());
            assertThat(refusal(token, p).code()).isEqualTo(ErrorCode.IDPCommunicationError);
            assertThat(server.discoveryRequests.get()).isZero();
        }
    }

    @Test
    void anInClusterIssuerIsReachedWithTheBearerTokenAndCaBundle() throws Exception {
        issuer.requiredBearer = "projected-sa-token-of-open-sts";
        Path tokenFile = Files.writeString(dir.resolve("token"), "projected-sa-token-of-open-sts\n");
        var inCluster = provider(List.of(), new WebIdentityProvider.InCluster(tokenFile, cert.certFile()));
        String token = rs256(kubernetes().build());
        assertThat(verifier.verify(token, inCluster).await().atMost(AWAIT).subject())
                .isEqualTo("system:serviceaccount:team-a:builder");
        assertThat(issuer.unauthorized.get()).isZero();
        // the thumbprint alone reaches the server, but without the bearer token the keys are refused
        assertThat(refusal(token).code()).isEqualTo(ErrorCode.IDPCommunicationError);
        assertThat(issuer.unauthorized.get()).isEqualTo(1);
    }

    // --- no token in a log line or a message ----------------------------------------------------------------

    @Test
    void theTokenNeverAppearsInALogLineOrAMessage() throws Exception {
        var lines = new ArrayList<String>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(String.valueOf(r.getMessage()) + " " + java.util.Arrays.toString(r.getParameters())
                        + " " + (r.getThrown() == null ? "" : r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.opensts.adapter.oidc");
        Level before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            List<String> tokens = List.of(
                    sign(JWSAlgorithm.RS256, impostor, kubernetes().build()),
                    new PlainJWT(kubernetes().build()).serialize(),
                    rs256(kubernetes().audience("nobody").build()),
                    rs256(kubernetes().issuer("https://evil.example.com").build()),
                    rs256(kubernetes().expirationTime(Date.from(NOW.minusSeconds(3600))).build()),
                    rs256(kubernetes().claim("https://aws.amazon.com/tags", 1).build()),
                    sign(JWSAlgorithm.RS256, new RSAKeyGenerator(2048).keyID("nope").generate(), kubernetes().build()));
            for (String token : tokens) {
                AwsException e = refusal(token);
                for (String part : token.split("\\.")) {
                    if (part.length() > 8) {
                        assertThat(e.getMessage()).doesNotContain(part);
                    }
                }
            }
            String unreachable = rs256(kubernetes().build());
            issuer.close();
            AwsException e = refusal(unreachable, provider(List.of("00".repeat(20)), null));
            assertThat(e.code()).isEqualTo(ErrorCode.IDPCommunicationError);
            assertThat(lines).isNotEmpty();
            for (String token : concat(tokens, unreachable)) {
                for (String part : token.split("\\.")) {
                    if (part.length() > 8) {
                        assertThat(lines).noneMatch(l -> l.contains(part));
                    }
                }
            }
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
    }

    static List<String> concat(List<String> list, String one) {
        var all = new ArrayList<>(list);
        all.add(one);
        return all;
    }

    // --- red-team findings --------------------------------------------------------------------------------

    /** A token signed with no kid, by {@code key}. */
    static String withoutKid(JWSAlgorithm alg, JWK key, JWTClaimsSet claims) throws Exception {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        var jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    void aTokenWithoutKidIsTriedOnlyAgainstTheIssuersOnlyKey() throws Exception {
        // a JWKS of many keys of one curve: a kid-less token must not make the verifier try them all
        var many = new java.util.ArrayList<JWK>();
        for (int i = 0; i < 40; i++) {
            many.add(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK());
        }
        many.add(ec256.toPublicJWK());
        issuer.keys = new JWKSet(many);
        var e = refusal(withoutKid(JWSAlgorithm.ES256, ec256, kubernetes().build()));
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdentityToken);
        assertThat(e.getMessage()).contains("names no key (kid)");

        // with the issuer's only key of the type, a kid-less token verifies
        verifier.close();
        issuer.keys = new JWKSet(List.<JWK>of(new RSAKey.Builder(rsa.toRSAPublicKey()).build()));
        verifier = new OidcTokenVerifier(clock, OidcTokenVerifier.Limits.DEFAULTS);
        assertThat(verify(withoutKid(JWSAlgorithm.RS256, rsa, kubernetes().build())).subject()).isNotNull();
    }

    @Test
    void keysSharingAKidAreTriedTwoAtMost() throws Exception {
        var same = new java.util.ArrayList<JWK>();
        for (int i = 0; i < 5; i++) {
            same.add(new ECKeyGenerator(Curve.P_256).keyID("ec-256").generate().toPublicJWK());
        }
        same.add(ec256.toPublicJWK()); // the right key, sixth of its kid
        issuer.keys = new JWKSet(same);
        assertThat(refusal(sign(JWSAlgorithm.ES256, ec256, kubernetes().build())).getMessage())
                .contains("signature is not valid");
        issuer.keys = new JWKSet(List.<JWK>of(same.get(0), ec256.toPublicJWK()));
        verifier.close();
        verifier = new OidcTokenVerifier(clock, OidcTokenVerifier.Limits.DEFAULTS);
        assertThat(verify(sign(JWSAlgorithm.ES256, ec256, kubernetes().build())).subject()).isNotNull();
    }

    @Test
    void aJwksKeepsAHundredKeysOfEachType() throws Exception {
        var keys = new java.util.ArrayList<JWK>();
        for (int i = 0; i < 100; i++) {
            keys.add(new ECKeyGenerator(Curve.P_256).keyID("filler-" + i).generate().toPublicJWK());
        }
        keys.add(ec384.toPublicJWK()); // the 101st EC key: dropped
        keys.add(rsa.toPublicJWK());   // the first RSA key: kept
        issuer.keys = new JWKSet(keys);
        assertThat(verify(rs256(kubernetes().build())).subject()).isNotNull();
        assertThat(refusal(sign(JWSAlgorithm.ES384, ec384, kubernetes().build())).code())
                .isEqualTo(ErrorCode.InvalidIdentityToken);
    }

    @Test
    void aUrlIsFetchedAtMostThreeTimesPerIntervalWhateverItsThumbprints() throws Exception {
        String token = rs256(kubernetes().build());
        String real = ProviderTrust.thumbprint(cert.certificate());
        for (int i = 0; i < 6; i++) {
            // each thumbprint list is a cache entry of its own, as a tenant updating its provider makes
            String extra = String.format("%040x", i + 1);
            var p = provider(List.of(real, extra), null);
            if (i < 3) {
                assertThat(verifier.verify(token, p).await().atMost(AWAIT).subject()).isNotNull();
            } else {
                assertThat(refusal(token, p).code()).isEqualTo(ErrorCode.IDPCommunicationError);
            }
        }
        assertThat(issuer.jwksRequests.get()).isEqualTo(3);
        clock.advance(OidcTokenVerifier.Limits.DEFAULTS.refreshInterval());
        assertThat(verifier.verify(token, provider(List.of(real, "f".repeat(40)), null)).await().atMost(AWAIT)
                .subject()).as("the next interval").isNotNull();
    }

    @Test
    void fetchesLeaveNoHttpClientThreadBehind() throws Exception {
        String token = rs256(kubernetes().build());
        String real = ProviderTrust.thumbprint(cert.certificate());
        for (int i = 0; i < 3; i++) {
            verifier.verify(token, provider(List.of(real, String.format("%040x", i + 1)), null)).await().atMost(AWAIT);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("SelectorManager")
                        && t.isAlive()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s", " https://%s", "https://%s ", "https://%s\u0000", "https://%s//", "http://%s",
            "%s/", "https://%s/x"})
    void theIssuerIsHttpsAndTheUrlWithAtMostOneTrailingSlash(String form) throws Exception {
        String iss = String.format(form, issuer.url());
        assertThat(refusal(rs256(kubernetes().issuer(iss).build())).getMessage()).contains("issuer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://%s", "https://%s/", "HTTPS://%s"})
    void theIssuerInTheFormsItMayTake(String form) throws Exception {
        assertThat(verify(rs256(kubernetes().issuer(String.format(form, issuer.url())).build())).subject())
                .isNotNull();
    }

    @Test
    void noTimeReadFromTheTokenIsRepeated() throws Exception {
        Instant exp = Instant.parse("2001-02-03T04:05:06Z");
        assertThat(refusal(rs256(kubernetes().expirationTime(Date.from(exp)).build())).getMessage())
                .doesNotContain("2001").doesNotContain(String.valueOf(exp.getEpochSecond()));
        Instant later = NOW.plusSeconds(86_400 * 3);
        assertThat(refusal(rs256(kubernetes().notBeforeTime(Date.from(later)).build())).getMessage())
                .doesNotContain(later.toString().substring(0, 10));
        assertThat(refusal(rs256(kubernetes().issueTime(Date.from(later)).build())).getMessage())
                .doesNotContain(later.toString().substring(0, 10));
    }
}

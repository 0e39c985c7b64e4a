package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.opensts.testinfra.SelfSignedCertificate;
import dev.opensts.testinfra.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AssumeRoleWithWebIdentity is the one action a stranger can call without a key: 10,000 unsigned calls with bad
 * tokens (forged, expired, unknown key ids, unknown issuers, an issuer that serves nothing usable, unsigned and HMAC
 * tokens, garbage) each get AWS's error, never a 5xx, and cannot make open-sts fetch keys in a loop: at most one
 * fetch per issuer per refresh interval (set to an hour here, so the warm-up's fetch is the only one).
 */
class WebIdentityAbuseIT extends IamItBase {
    static final int CALLS = 10_000;
    static final String SUB = "system:serviceaccount:ci:runner";

    TestIssuer issuer;
    TestIssuer broken;
    RSAKey key;
    String roleArn;

    @Override
    protected Map<String, String> clusterEnv() {
        var env = new TreeMap<>(super.clusterEnv());
        env.put("OPENSTS_WEB_IDENTITY_KEY_REFRESH_INTERVAL", "1h");
        return env;
    }

    @BeforeAll
    void issuers() throws Exception {
        Path dir = Files.createTempDirectory("abuse");
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir, "issuer");
        issuer = new TestIssuer(cert);
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        issuer.keys = new JWKSet(key.toPublicJWK());
        SelfSignedCertificate cert2 = SelfSignedCertificate.create(dir, "broken");
        broken = new TestIssuer(cert2);
        broken.discoveryOverride = "{\"issuer\":\"nothing useful\"}";
        String providerArn = provider(issuer, cert);
        provider(broken, cert2);
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}";
        roleArn = iam.createRole(r -> r.roleName("abused").assumeRolePolicyDocument(trust)).role().arn();
    }

    String provider(TestIssuer i, SelfSignedCertificate cert) throws Exception {
        String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(cert.certificate().getEncoded()));
        return iam.createOpenIDConnectProvider(r -> r.url(i.issuerUrl()).clientIDList("sts.amazonaws.com")
                .thumbprintList(thumbprint)).openIDConnectProviderArn();
    }

    @AfterAll
    void close() {
        for (TestIssuer i : new TestIssuer[] {issuer, broken}) {
            if (i != null) {
                i.close();
            }
        }
    }

    JWTClaimsSet claims(String iss, Instant exp) {
        return new JWTClaimsSet.Builder().issuer(iss).subject(SUB).audience("sts.amazonaws.com")
                .issueTime(Date.from(Instant.now())).expirationTime(Date.from(exp)).build();
    }

    String signed(RSAKey signer, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    static HttpRequest call(URI endpoint, String token) {
        String form = Sts.form(Map.of("Action", "AssumeRoleWithWebIdentity", "Version", "2011-06-15",
                "RoleArn", "arn:aws:iam::" + ACCOUNT + ":role/abused", "RoleSessionName", "abuse",
                "WebIdentityToken", token));
        return HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    @Test
    void ten_thousand_bad_unsigned_calls_get_awss_errors_and_at_most_one_key_fetch_per_issuer() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        String good = signed(key, claims(issuer.issuerUrl(), later));
        HttpResponse<String> warm = HTTP.send(call(replica.endpoint(), good), HttpResponse.BodyHandlers.ofString());
        assertThat(warm.statusCode()).as(warm.body()).isEqualTo(200);
        assertThat(issuer.jwksRequests.get()).isEqualTo(1);

        RSAKey forger = new RSAKeyGenerator(2048).keyID("k1").generate();
        String forged = signed(forger, claims(issuer.issuerUrl(), later));
        String expired = signed(key, claims(issuer.issuerUrl(), Instant.now().minusSeconds(3600)));
        String strangerIssuer = signed(key, claims("https://127.0.0.1:9/evil", later));
        String brokenIssuer = signed(key, claims(broken.issuerUrl(), later));
        String unsigned = new PlainJWT(claims(issuer.issuerUrl(), later)).serialize();
        var hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(issuer.issuerUrl(), later));
        hmac.sign(new MACSigner(new byte[32]));
        String hmacToken = hmac.serialize();
        List<RSAKey> unknownKids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            unknownKids.add(new RSAKeyGenerator(2048).keyID("rotated-" + i).generate());
        }
        List<String> unknownKidTokens = new ArrayList<>();
        for (RSAKey k : unknownKids) {
            unknownKidTokens.add(signed(k, claims(issuer.issuerUrl(), later)));
        }
        // each kind of bad token, with the error AWS answers it with
        record Kind(String name, String expectedCode, IntFunction<String> token) {
        }
        List<Kind> kinds = List.of(
                new Kind("forged", "InvalidIdentityToken", i -> forged),
                new Kind("unknown kid", "InvalidIdentityToken", i -> unknownKidTokens.get(i % unknownKidTokens.size())),
                new Kind("expired", "ExpiredTokenException", i -> expired),
                new Kind("unknown issuer", "InvalidIdentityToken", i -> strangerIssuer),
                new Kind("issuer without keys", "IDPCommunicationError", i -> brokenIssuer),
                new Kind("alg none", "InvalidIdentityToken", i -> unsigned),
                new Kind("HS256", "InvalidIdentityToken", i -> hmacToken),
                new Kind("garbage", "InvalidIdentityToken", i -> "eyJ" + "A".repeat(i % 300) + ".x.y"));

        var statuses = new ConcurrentHashMap<String, AtomicInteger>();
        var wrongCodes = new ConcurrentHashMap<String, String>();
        var inFlight = new Semaphore(32);
        var futures = new ArrayList<CompletableFuture<?>>(CALLS);
        Pattern code = Pattern.compile("<Code>([^<]+)</Code>");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            for (int i = 0; i < CALLS; i++) {
                Kind kind = kinds.get(i % kinds.size());
                inFlight.acquire();
                futures.add(http.sendAsync(call(replica.endpoint(), kind.token().apply(i / kinds.size())),
                                HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, failure) -> {
                            inFlight.release();
                            if (failure != null) {
                                statuses.computeIfAbsent("failed: " + failure, k -> new AtomicInteger())
                                        .incrementAndGet();
                                return;
                            }
                            statuses.computeIfAbsent(String.valueOf(r.statusCode()), k -> new AtomicInteger())
                                    .incrementAndGet();
                            Matcher m = code.matcher(r.body());
                            String got = m.find() ? m.group(1) : r.body();
                            if (!kind.expectedCode().equals(got)) {
                                wrongCodes.putIfAbsent(kind.name(), got);
                            }
                        }));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        }

        assertThat(wrongCodes).as("every bad token answered with its AWS error").isEmpty();
        assertThat(statuses.keySet()).as("statuses seen: %s", statuses).containsOnly("400");
        assertThat(statuses.get("400").get()).isEqualTo(CALLS);
        assertThat(issuer.jwksRequests.get()).as("no fetch beyond the warm-up's, unknown key ids notwithstanding")
                .isEqualTo(1);
        assertThat(issuer.discoveryRequests.get()).isEqualTo(1);
        assertThat(broken.discoveryRequests.get()).as("a failed fetch is not retried within the interval")
                .isEqualTo(1);
        assertThat(broken.jwksRequests.get()).isZero();

        HttpResponse<String> still = HTTP.send(call(replica.endpoint(), good), HttpResponse.BodyHandlers.ofString());
        assertThat(still.statusCode()).as("a good token still works: %s", still.body()).isEqualTo(200);
    }
}

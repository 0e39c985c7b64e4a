package dev.opensts.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.opensts.testinfra.SelfSignedCertificate;
import dev.opensts.testinfra.TestIssuer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;

/**
 * The AssumeRoleWithWebIdentity benchmark's set-up (deploy/local/bench-web-identity.sh): starts an HTTPS OpenID Connect
 * issuer on 127.0.0.1 (self-signed, trusted by its thumbprint), registers it in the default account (replacing the
 * providers earlier runs left), makes the role {@code bench-web} trust it with a condition on the subject like a real
 * IRSA role, mints a Kubernetes-shaped RS256 token valid two hours, and writes a wrk script that sends it unsigned.
 * Then it keeps the issuer up until killed (the service fetches the keys once, at the first request).
 *
 * <p>Arguments: {@code --endpoint URL --key AKIA... --secret ... --wrk-script PATH}.
 */
public final class WebIdentityBench {
    static final String SUB = "system:serviceaccount:bench:runner";

    private WebIdentityBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].substring(2), args[i + 1]);
        }
        URI endpoint = URI.create(o.get("endpoint"));
        Path dir = Files.createTempDirectory("bench-issuer");
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir, "issuer");
        TestIssuer issuer = new TestIssuer(cert);
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench-1").generate();
        issuer.keys = new JWKSet(key.toPublicJWK());
        String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(cert.certificate().getEncoded()));
        String roleArn;
        try (IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(o.get("key"),
                        o.get("secret"))))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (OpenIDConnectProviderListEntry p : iam.listOpenIDConnectProviders(r -> { })
                    .openIDConnectProviderList()) {
                if (p.arn().contains(":oidc-provider/127.0.0.1:")) {
                    iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(p.arn()));
                }
            }
            String provider = iam.createOpenIDConnectProvider(r -> r.url(issuer.issuerUrl())
                    .clientIDList("sts.amazonaws.com").thumbprintList(thumbprint)).openIDConnectProviderArn();
            String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"Federated\":\"" + provider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\","
                    + "\"Condition\":{\"StringEquals\":{\"" + issuer.url() + ":sub\":\"" + SUB + "\",\""
                    + issuer.url() + ":aud\":\"sts.amazonaws.com\"}}}]}";
            try {
                iam.updateAssumeRolePolicy(r -> r.roleName("bench-web").policyDocument(trust));
                roleArn = iam.getRole(r -> r.roleName("bench-web")).role().arn();
            } catch (NoSuchEntityException e) {
                roleArn = iam.createRole(r -> r.roleName("bench-web").assumeRolePolicyDocument(trust)).role().arn();
            }
        }
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder().issuer(issuer.issuerUrl()).subject(SUB).audience("sts.amazonaws.com")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(7200)))
                .claim("kubernetes.io", Map.of("namespace", "bench", "serviceaccount", Map.of("name", "runner",
                        "uid", "00000000-sa"), "pod", Map.of("name", "runner-0", "uid", "00000000-pod")))
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench-1").type(JOSEObjectType.JWT)
                .build(), claims);
        jwt.sign(new RSASSASigner(key));
        String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=bench&RoleArn="
                + URLEncoder.encode(roleArn, StandardCharsets.UTF_8) + "&WebIdentityToken=" + jwt.serialize();
        Files.writeString(Path.of(o.get("wrk-script")), """
                -- generated by dev.opensts.bench.WebIdentityBench: one unsigned AssumeRoleWithWebIdentity, valid 2 hours
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
                wrk.body = "%s"
                done = function(summary, latency, requests)
                  io.write(string.format("errors=%%d non-2xx=%%d p50=%%.2fms p99=%%.2fms p99.9=%%.2fms max=%%.2fms\\n",
                    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
                    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                    latency:percentile(99.9) / 1000, latency.max / 1000))
                end
                """.formatted(body));
        System.out.println("ready " + issuer.issuerUrl());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

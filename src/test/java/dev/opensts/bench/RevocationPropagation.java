package dev.opensts.bench;

import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import dev.opensts.tools.SignedRequest;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Revocation-to-enforcement latency across two replicas, under AssumeRole load: a session is
 * minted, revoked through replica A, and replica B is polled with the session's (pre-signed)
 * GetCallerIdentity until it answers 403. Reports p50/p99/max of the time from A's answer to the
 * first refusal by B, and from the revoke request's start. Starts its own Kafka, PostgreSQL and
 * two replicas (the packaged jar: build first).
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *      -Dopensts.app.jar=target/quarkus-app/quarkus-run.jar dev.opensts.bench.RevocationPropagation [rounds] [loadRate]
 * </pre>
 */
public final class RevocationPropagation {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int loadRate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        try (OpenStsCluster cluster = OpenStsCluster.create("revbench")) {
            OpenStsProcess a = cluster.startReplica("rev-a");
            OpenStsProcess b = cluster.startReplica("rev-b");
            var root = AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
            try (IamClient iam = IamClient.builder().endpointOverride(a.endpoint()).region(Region.AWS_GLOBAL)
                    .credentialsProvider(StaticCredentialsProvider.create(root))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                iam.createRole(r -> r.roleName("bench").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}"));
            }
            String role = "arn:aws:iam::000000000000:role/bench";
            Thread load = Thread.ofPlatform().daemon().start(() -> {
                try {
                    LoadGenerator.main(new String[]{"--endpoint", "http://127.0.0.1:" + a.port(), "--key",
                            cluster.rootAccessKeyId(), "--secret", cluster.rootSecretAccessKey(), "--role", role,
                            "--rate", String.valueOf(loadRate), "--connections", "64", "--warmup", "5",
                            "--seconds", "3600"});
                } catch (Exception e) {
                    System.err.println("load generator stopped: " + e);
                }
            });
            Thread.sleep(5_000);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Histogram afterAnswer = new Histogram(3);
            Histogram fromRequest = new Histogram(3);
            try (StsClient sts = StsClient.builder().endpointOverride(a.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(root))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                var rootCreds = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
                for (int i = 0; i < rounds; i++) {
                    int n = i;
                    Credentials c = sts.assumeRole(r -> r.roleArn(role).roleSessionName("victim-" + n)).credentials();
                    HttpRequest probe = presignedCallerIdentity(b, c);
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                        throw new IllegalStateException("replica B refused a fresh session");
                    }
                    HttpRequest revoke = SignedRequest.request(a.endpoint(), rootCreds, "us-east-1",
                            List.of(Map.entry("Action", "RevokeSessions"), Map.entry("Version", "2011-06-15"),
                                    Map.entry("AccessKeyId", c.accessKeyId())));
                    long start = System.nanoTime();
                    HttpResponse<String> answer = http.send(revoke, HttpResponse.BodyHandlers.ofString());
                    long answered = System.nanoTime();
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("RevokeSessions failed: " + answer.body());
                    }
                    while (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        if (System.nanoTime() - answered > 10_000_000_000L) {
                            throw new IllegalStateException("replica B still accepts after 10 s");
                        }
                    }
                    long refused = System.nanoTime();
                    afterAnswer.recordValue(Math.max(1, (refused - answered) / 1_000));
                    fromRequest.recordValue(Math.max(1, (refused - start) / 1_000));
                }
            }
            load.interrupt();
            System.out.printf("revocation-to-enforcement on the other replica, %d rounds under ~%d AssumeRole/s:%n"
                            + "  after A's answer: p50=%.2fms p99=%.2fms max=%.2fms%n"
                            + "  from the revoke request: p50=%.2fms p99=%.2fms max=%.2fms%n", rounds, loadRate,
                    afterAnswer.getValueAtPercentile(50) / 1000.0, afterAnswer.getValueAtPercentile(99) / 1000.0,
                    afterAnswer.getMaxValue() / 1000.0, fromRequest.getValueAtPercentile(50) / 1000.0,
                    fromRequest.getValueAtPercentile(99) / 1000.0, fromRequest.getMaxValue() / 1000.0);
            System.exit(0);
        }
    }

    /** GetCallerIdentity signed once with the session's credentials; replayed while the signature is valid. */
    static HttpRequest presignedCallerIdentity(OpenStsProcess replica, Credentials c) {
        URI endpoint = replica.endpoint();
        String host = endpoint.getHost() + ":" + endpoint.getPort();
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        var headers = new ArrayList<Map.Entry<String, String>>();
        headers.add(Map.entry("host", host));
        headers.add(Map.entry("content-type", "application/x-www-form-urlencoded; charset=utf-8"));
        HttpRequestView signed = new SigV4Signer(new SigningKeyCache(4)).signWithHeaders(
                new HttpRequestView("POST", "/", "", headers, body),
                new SigningCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()), "us-east-1", "sts",
                Instant.now(), SigningOptions.defaults());
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().stream().filter(h -> !h.getKey().equalsIgnoreCase("host"))
                .forEach(h -> rb.header(h.getKey(), h.getValue()));
        return rb.build();
    }
}

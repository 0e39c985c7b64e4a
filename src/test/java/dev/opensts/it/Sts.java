package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** Shared helpers of the STS integration tests: clients for any credentials, raw SigV4 requests, the audit topic. */
public final class Sts {
    static final String ACCOUNT = "000000000000";
    static final String ROOT_ARN = "arn:aws:iam::000000000000:root";
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final SigV4Signer SIGNER = new SigV4Signer(new SigningKeyCache(100));

    private Sts() {
    }

    static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    /** A trust policy with one Allow of the actions for the principal, plus extra JSON members (e.g. a Condition). */
    static String trust(String principalAws, String actions, String extra) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + principalAws + "\"},\"Action\":" + actions + (extra == null ? "" : "," + extra) + "}]}";
    }

    static String trust(String principalAws) {
        return trust(principalAws, "\"sts:AssumeRole\"", null);
    }

    static String allow(String actions, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                + ",\"Resource\":\"" + resource + "\"}]}";
    }

    public static AwsCredentials creds(Credentials c) {
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    public static StsClient sts(OpenStsProcess replica, AwsCredentials creds) {
        return StsClient.builder()
                .endpointOverride(replica.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(creds))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    public static StsClient sts(OpenStsProcess replica, String keyId, String secret) {
        return sts(replica, AwsBasicCredentials.create(keyId, secret));
    }

    public static StsClient sts(OpenStsProcess replica, Credentials c) {
        return sts(replica, creds(c));
    }

    public static IamClient iam(OpenStsProcess replica, AwsCredentials creds) {
        return IamClient.builder()
                .endpointOverride(replica.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(creds))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    public static IamClient iam(OpenStsProcess replica, Credentials c) {
        return iam(replica, creds(c));
    }

    /** Runs the call, expects an AWS error, checks its code and HTTP status, returns it for more checks. */
    public static AwsServiceException fails(String code, int status, Runnable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
        return e;
    }

    /** What separates an AccessDenied's reason from its encoded authorization failure message. */
    public static final String ENCODED = " Encoded authorization failure message: ";

    /** The error's message; for an AccessDenied its plain reason, without the encoded message (random each time). */
    public static String message(AwsServiceException e) {
        return reason(e.awsErrorDetails().errorMessage());
    }

    /** A message without its encoded authorization failure message, if it has one. */
    public static String reason(String message) {
        int at = message == null ? -1 : message.indexOf(ENCODED);
        return at < 0 ? message : message.substring(0, at);
    }

    /** An AccessDenied's encoded authorization failure message; null when it has none. */
    public static String encodedMessage(AwsServiceException e) {
        String message = e.awsErrorDetails().errorMessage();
        int at = message == null ? -1 : message.indexOf(ENCODED);
        return at < 0 ? null : message.substring(at + ENCODED.length());
    }

    // --- raw requests, signed with open-sts's own SigV4 signer ---

    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }

    public static Map<String, String> params(String... kv) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A form POST signed (Authorization header) at the given time. */
    static HttpResponse<String> signedPost(OpenStsProcess replica, SigningCredentials creds, Map<String, String> params,
                                           Instant time, String accept) throws Exception {
        return signedPost(replica, creds, params, time, accept, "us-east-1", "sts");
    }

    /** A form POST signed (Authorization header) at the given time, for any credential scope. */
    public static HttpResponse<String> signedPost(OpenStsProcess replica, SigningCredentials creds,
                                                  Map<String, String> params, Instant time, String accept,
                                                  String region, String service) throws Exception {
        byte[] body = form(params).getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", "127.0.0.1:" + replica.port()));
        headers.add(Map.entry("content-type", "application/x-www-form-urlencoded; charset=utf-8"));
        HttpRequestView signed = SIGNER.signWithHeaders(new HttpRequestView("POST", "/", "", headers, body), creds,
                region, service, time, SigningOptions.defaults());
        HttpRequest.Builder b = HttpRequest.newBuilder(replica.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : signed.headers()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                b.header(h.getKey(), h.getValue());
            }
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The request as a presigned URL (X-Amz-* query parameters), sent as GET. */
    public static HttpResponse<String> presignedGet(OpenStsProcess replica, SigningCredentials creds,
                                                    Map<String, String> params, Instant time, String accept)
            throws Exception {
        return presignedGet(replica, creds, params, time, accept, "us-east-1", "sts");
    }

    /** The request as a presigned URL for any credential scope, sent as GET. */
    public static HttpResponse<String> presignedGet(OpenStsProcess replica, SigningCredentials creds,
                                                    Map<String, String> params, Instant time, String accept,
                                                    String region, String service) throws Exception {
        List<Map.Entry<String, String>> headers = List.of(Map.entry("host", "127.0.0.1:" + replica.port()));
        HttpRequestView signed = SIGNER.presign(new HttpRequestView("GET", "/", form(params), headers, null), creds,
                region, service, time, Duration.ofMinutes(5), SigningOptions.defaults());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(replica.endpoint() + "/?" + signed.rawQuery()))
                .timeout(Duration.ofSeconds(30)).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- the operator's admin API ---

    /** Creates another account through the admin API on the management interface; answers its root key. */
    public static JsonNode createAccount(OpenStsCluster cluster, OpenStsProcess replica, String accountId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint()
                        .resolve("/opensts/admin/accounts"))
                .header("Authorization", "Bearer " + cluster.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"accountId\":\"" + accountId + "\",\"name\":\"acct-"
                        + accountId + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("rootAccessKeyId").asText()).startsWith("AKIA");
        return n;
    }

    // --- time ---
    // The service under test is a process on this host reading Clock.systemUTC(): whatever time it reads while
    // answering a call lies between the host clock read before the call and after its answer. The tests assert
    // those orderings, never how long something took, so that no machine is too slow for them.

    /**
     * An expiry {@code seconds} after an issue time the service read between {@code before} and {@code after}:
     * AssumeRole and GetSessionToken count it from the issue time's whole second (the wire carries seconds).
     */
    static void assertExpiry(Instant expiration, long seconds, Instant before, Instant after) {
        assertThat(expiration).as("an expiry %d s after an issue time between %s and %s", seconds, before, after)
                .isBetween(before.truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds), after.plusSeconds(seconds));
    }

    /**
     * A whole millisecond later than every issue time of the sessions answered so far (the service keeps issue
     * times in milliseconds, cut down), for an "issued before" line that those sessions fall under.
     */
    static Instant afterEverySessionSoFar() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    }

    /**
     * Returns once the host clock has passed {@code line}: a session asked for from then on is issued at or after
     * it (in whole milliseconds). Rarely more than a millisecond's wait; the condition, not a duration, ends it.
     */
    static void awaitClockPast(Instant line) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> Instant.now().isAfter(line));
    }

    // --- the audit topic ---

    /** A consumer of the cluster's issuance topic, from its beginning; the caller closes it. */
    public static KafkaConsumer<String, byte[]> issuanceConsumer(OpenStsCluster cluster) {
        Properties p = cluster.infra().kafkaClientProperties();
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("group.id", "it-" + System.nanoTime());
        var c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(cluster.topicPrefix() + ".sts.issuance"));
        return c;
    }

    /** Polls until a record with that request id is seen (up to 20 s); fails otherwise. */
    public static ConsumerRecord<String, byte[]> awaitRecord(KafkaConsumer<String, byte[]> consumer,
                                                      List<ConsumerRecord<String, byte[]>> seen, String requestId)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : seen) {
                if (requestId.equals(JSON.readTree(r.value()).path("requestid").asText())) {
                    return r;
                }
            }
            consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
        }
        throw new AssertionError("no issuance record with request id " + requestId + " among " + seen.size());
    }
}

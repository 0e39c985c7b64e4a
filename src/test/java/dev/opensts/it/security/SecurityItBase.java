package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.it.IamItBase;
import dev.opensts.it.Sts;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One deployment per test class (as {@link IamItBase}), with the decision endpoint on, and what the security
 * tests share: other accounts (through the admin API helper only), roles and users with keys, raw Query requests
 * signed with open-sts's own signer (for what the SDK cannot express), and the decision endpoint.
 */
abstract class SecurityItBase extends IamItBase {
    static final String A = ACCOUNT;
    static final String A_ROOT = "arn:aws:iam::" + A + ":root";
    static final String DECISION_TOKEN = "decision-" + Long.toHexString(new SecureRandom().nextLong());
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Every raw call gives up after this long: a hang is a failure, not a stuck build. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final SigV4Signer SIGNER = new SigV4Signer(new SigningKeyCache(100));
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected final Map<String, String> clusterEnv() {
        var env = new LinkedHashMap<String, String>();
        env.put("OPENSTS_DECISION_TOKEN", DECISION_TOKEN);
        env.putAll(extraEnv());
        return env;
    }

    /** More environment for this class's deployment. */
    Map<String, String> extraEnv() {
        return Map.of();
    }

    // ---- principals -----------------------------------------------------------------------------------------

    /** An account's root key (or any long-term key) with the SDK and the raw signer. */
    record Key(String accountId, String keyId, String secret) {
        SigningCredentials signing() {
            return new SigningCredentials(keyId, secret, null);
        }

        AwsCredentialsIdentity identity() {
            return AwsCredentialsIdentity.create(keyId, secret);
        }

        AwsBasicCredentials sdk() {
            return AwsBasicCredentials.create(keyId, secret);
        }

        String rootArn() {
            return "arn:aws:iam::" + accountId + ":root";
        }
    }

    Key rootKey() {
        return new Key(A, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
    }

    StsClient sts(Key k) {
        return Sts.sts(replica, k.sdk());
    }

    IamClient iam(Key k) {
        return Sts.iam(replica, k.sdk());
    }

    static SigningCredentials signing(Credentials c) {
        return new SigningCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    static AwsSessionCredentialsIdentity identity(Credentials c) {
        return AwsSessionCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    /** A new account (another tenant), made through the operator's admin API helper; answers its root key. */
    Key newAccount() throws Exception {
        String id;
        do {
            id = String.format("%012d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000L));
        } while (id.equals(A));
        JsonNode n = Sts.createAccount(cluster, replica, id);
        return new Key(id, n.path("rootAccessKeyId").asText(), n.path("rootSecretAccessKey").asText());
    }

    /** A user of the account behind {@code admin} with an inline policy (null: none) and one access key. */
    static Key user(IamClient admin, String accountId, String path, String name, String inlinePolicy) {
        admin.createUser(r -> r.userName(name).path(path));
        if (inlinePolicy != null) {
            admin.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(inlinePolicy));
        }
        var k = admin.createAccessKey(r -> r.userName(name)).accessKey();
        return new Key(accountId, k.accessKeyId(), k.secretAccessKey());
    }

    /** A role of the account behind {@code admin} with an inline policy (null: none); answers its ARN. */
    static String role(IamClient admin, String path, String name, String trust, String inlinePolicy) {
        String arn = admin.createRole(r -> r.roleName(name).path(path).assumeRolePolicyDocument(trust)).role().arn();
        if (inlinePolicy != null) {
            admin.putRolePolicy(r -> r.roleName(name).policyName("p").policyDocument(inlinePolicy));
        }
        return arn;
    }

    static Credentials assume(StsClient as, String roleArn, String sessionName) {
        return as.assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName)).credentials();
    }

    /** A policy document of the given statements (JSON objects). */
    static String doc(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static String statement(String effect, String actions, String resources, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Action\":" + quoted(actions) + ",\"Resource\":" + quoted(resources)
                + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    /** A JSON string unless it already is JSON (a list). */
    private static String quoted(String s) {
        return s.startsWith("[") ? s : "\"" + s + "\"";
    }

    static final String ALLOW_ALL = doc(statement("Allow", "*", "*", null));

    static String trustActions(String principalAws, String... actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + quoted(principalAws) + "},\"Action\":[\"" + String.join("\",\"", actions) + "\"]}]}";
    }

    // ---- raw Query-protocol requests -------------------------------------------------------------------------

    /** What came back from a raw request. */
    record Answer(int status, String contentType, String requestId, String body) {
        String code() {
            return first("<Code>([^<]*)</Code>", "\"Code\"\\s*:\\s*\"([^\"]*)\"");
        }

        /** The message; an AccessDenied's plain reason, without its encoded message (random each time). */
        String message() {
            return dev.opensts.it.Sts.reason(first("<Message>([^<]*)</Message>",
                    "\"Message\"\\s*:\\s*\"([^\"]*)\""));
        }

        private String first(String... patterns) {
            for (String p : patterns) {
                Matcher m = Pattern.compile(p).matcher(body);
                if (m.find()) {
                    return m.group(1).replace("&apos;", "'").replace("&quot;", "\"").replace("&amp;", "&");
                }
            }
            return null;
        }

        Answer is(int expectedStatus, String expectedCode) {
            assertThat(status).as(shown()).isEqualTo(expectedStatus);
            assertThat(code()).as(shown()).isEqualTo(expectedCode);
            return this;
        }

        /** The body for an assertion message, with any secret an unexpected success carried blanked out. */
        String shown() {
            return body.replaceAll("(<SecretAccessKey>|<SessionToken>)[^<]*", "$1(hidden)")
                    .replaceAll("(\"(?:SecretAccessKey|SessionToken|rootSecretAccessKey)\"\\s*:\\s*\")[^\"]*",
                            "$1(hidden)");
        }
    }

    static Answer answer(HttpResponse<String> r) {
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("x-amzn-RequestId").orElse(null), r.body());
    }

    /** A POST to "/" with exactly these body bytes and Content-Type, signed with open-sts's own SigV4 signer. */
    Answer signedRaw(SigningCredentials creds, String region, String service, String contentType, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", "127.0.0.1:" + replica.port()));
        headers.add(Map.entry("content-type", contentType));
        HttpRequestView signed = SIGNER.signWithHeaders(new HttpRequestView("POST", "/", "", headers, body), creds,
                region, service, Instant.now(), SigningOptions.defaults());
        HttpRequest.Builder b = HttpRequest.newBuilder(replica.endpoint().resolve("/")).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : signed.headers()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                b.header(h.getKey(), h.getValue());
            }
        }
        return send(b.build());
    }

    /** An STS action as a signed form POST (us-east-1, sts). */
    Answer stsCall(SigningCredentials creds, String... kv) {
        var p = Sts.params("Version", "2011-06-15");
        p.putAll(Sts.params(kv));
        return form(creds, "us-east-1", "sts", p);
    }

    /** An IAM action as a signed form POST (us-east-1, iam). */
    Answer iamCall(SigningCredentials creds, String... kv) {
        var p = Sts.params("Version", "2010-05-08");
        p.putAll(Sts.params(kv));
        return form(creds, "us-east-1", "iam", p);
    }

    Answer form(SigningCredentials creds, String region, String service, Map<String, String> params) {
        try {
            return answer(Sts.signedPost(replica, creds, params, Instant.now(), null, region, service));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Any method and path on the public port, unsigned. */
    Answer plain(String method, String path, String accept, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(replica.endpoint() + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b.build());
    }

    static Answer send(HttpRequest request) {
        try {
            return answer(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (java.io.IOException e) {
            throw new AssertionError("no answer to " + request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- the decision endpoint -------------------------------------------------------------------------------

    Forwarding forwarding() {
        return new Forwarding(replica, DECISION_TOKEN);
    }

    /** Asserts the decision (Allow/Deny) and answers it for more checks. */
    static JsonNode expectDecision(JsonNode d, String decision) {
        assertThat(d.path("decision").asText()).as(d.toString()).isEqualTo(decision);
        return d;
    }

    static ObjectNode context(ObjectNode in, String key, String value) {
        ObjectNode ctx = in.has("context") ? (ObjectNode) in.get("context") : in.putObject("context");
        ctx.putArray(key).add(value);
        return in;
    }
}

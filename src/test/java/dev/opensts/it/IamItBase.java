package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * One open-sts deployment (one replica on the shared real Kafka and PostgreSQL) per IT class, an unmodified
 * SDK v2 IamClient with the default account's root key, and the helpers the IAM ITs share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class IamItBase {
    protected static final String ACCOUNT = "000000000000";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Trust policy letting the default account's root assume the role. */
    static final String TRUST = trust("arn:aws:iam::" + ACCOUNT + ":root");

    protected OpenStsCluster cluster;
    protected OpenStsProcess replica;
    /** The default account's root, no retries. */
    protected IamClient iam;

    @BeforeAll
    void startCluster() {
        String name = getClass().getSimpleName().toLowerCase();
        cluster = OpenStsCluster.create(name);
        clusterEnv().forEach(cluster::withEnv);
        replica = cluster.startReplica("a");
        iam = Clients.iamNoRetry(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
    }

    /** Extra environment for this class's replicas (e.g. lower quotas); none by default. */
    protected Map<String, String> clusterEnv() {
        return Map.of();
    }

    @AfterAll
    void stopCluster() {
        if (iam != null) {
            iam.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    IamClient client(String accessKeyId, String secret) {
        return Clients.iamNoRetry(replica, accessKeyId, secret);
    }

    /** A name no other test uses: {@code prefix-xxxxxxxx}. */
    protected static String unique(String prefix) {
        StringBuilder sb = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 8; i++) {
            sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(RANDOM.nextInt(36)));
        }
        return sb.toString();
    }

    protected static String trust(String principalArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + principalArn + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    /** An identity policy with one statement. */
    static String policy(String effect, String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    static String allow(String action, String resource) {
        return policy("Allow", action, resource);
    }

    /** IAM returns documents URL-encoded. */
    protected static String urlDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    /**
     * Asserts the call fails with the SDK's modelled exception {@code type}, AWS error code {@code code} and
     * HTTP status {@code status}; returns the exception for further checks.
     */
    static <E extends IamException> E fails(ThrowingCallable call, Class<E> type, String code, int status) {
        E e = catchThrowableOfType(type, call);
        assertThat(e).as("expected %s (%s)", type.getSimpleName(), code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.requestId()).as("request id").isNotBlank();
        return e;
    }

    static IamException validationError(ThrowingCallable call) {
        IamException e = fails(call, IamException.class, "ValidationError", 400);
        assertThat(e.awsErrorDetails().errorMessage()).contains("validation error");
        return e;
    }

    /** The message; an AccessDenied's plain reason, without its encoded message (random each time). */
    static String message(IamException e) {
        return Sts.reason(e.awsErrorDetails().errorMessage());
    }

    /**
     * Follows Marker until IsTruncated is false, asserting every page but the last is full and truncated.
     *
     * @param page   marker (null for the first page) → the page
     * @param items  the page's items
     * @param marker the page's next marker
     * @param truncated the page's IsTruncated
     */
    static <P, T> List<T> allPages(Function<String, P> page, Function<P, List<T>> items, Function<P, String> marker,
                                   Function<P, Boolean> truncated, int maxItems) {
        List<T> all = new ArrayList<>();
        String next = null;
        for (int i = 0; i < 1000; i++) {
            P p = page.apply(next);
            List<T> got = items.apply(p);
            all.addAll(got);
            if (!Boolean.TRUE.equals(truncated.apply(p))) {
                assertThat(got.size()).isLessThanOrEqualTo(maxItems);
                return all;
            }
            assertThat(got).hasSize(maxItems);
            next = marker.apply(p);
            assertThat(next).as("Marker of a truncated page").isNotBlank();
        }
        throw new AssertionError("paging does not end");
    }

    /**
     * The admin API: {@code method} on /opensts/admin/accounts of the management interface with an optional
     * bearer token.
     */
    protected HttpResponse<String> admin(String method, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(replica.managementEndpoint().resolve("/opensts/admin/accounts"))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Creates an IAM user in the default account with one access key; returns {userName, keyId, secret}. */
    String[] userWithKey(String prefix) {
        String name = unique(prefix);
        iam.createUser(r -> r.userName(name));
        var key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        return new String[]{name, key.accessKeyId(), key.secretAccessKey()};
    }
}

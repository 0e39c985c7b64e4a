package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.testinfra.OpenStsProcess;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resource service's side of the decision endpoint (POST /opensts/v1/authorize): a client's request signed by
 * the unmodified AWS SDK signer (or, where the SDK cannot express the bytes, by {@link #literal}), forwarded as
 * JSON with the action and resource it maps to.
 */
final class Forwarding {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final OpenStsProcess replica;
    private final String token;

    Forwarding(OpenStsProcess replica, String token) {
        this.replica = replica;
        this.token = token;
    }

    /** A GET to {@code service} (host {service}.local:9000) signed by the AWS SDK's SigV4 signer. */
    static SdkHttpRequest signedGet(AwsCredentialsIdentity id, String service, String region, String pathAndQuery) {
        boolean s3 = service.equals("s3");
        var b = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://" + service + ".local:9000" + pathAndQuery));
        return AwsV4HttpSigner.create().sign(r -> r.identity(id).request(b.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !s3)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !s3)).request();
    }

    /** The JSON a resource service forwards for a request the SDK signed. */
    static ObjectNode forward(SdkHttpRequest r, String service, String region, String action, String resource) {
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
        return envelope(req, service, region, action, resource);
    }

    static ObjectNode envelope(ObjectNode request, String service, String region, String action, String resource) {
        ObjectNode in = JSON.createObjectNode();
        in.set("request", request);
        in.put("action", action);
        in.put("resource", resource);
        in.put("service", service);
        in.put("region", region);
        return in;
    }

    /**
     * A GET signed over exactly the canonical URI and canonical query given, as an AWS client computes them for
     * bytes that neither the SDK nor open-sts's signer can produce from Java strings (e.g. {@code %FE}); the
     * request is forwarded with {@code forwardedPath} and {@code forwardedQuery}. Headers signed: host,
     * x-amz-content-sha256 (of the empty body), x-amz-date.
     */
    static ObjectNode literal(String keyId, String secret, String service, String region, String canonicalUri,
                              String canonicalQuery, String forwardedPath, String forwardedQuery, String action,
                              String resource) {
        Instant now = Instant.now();
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String date = amzDate.substring(0, 8);
        String host = service + ".local:9000";
        String canonical = "GET\n" + canonicalUri + "\n" + canonicalQuery + "\n"
                + "host:" + host + "\nx-amz-content-sha256:" + EMPTY_SHA256 + "\nx-amz-date:" + amzDate + "\n\n"
                + "host;x-amz-content-sha256;x-amz-date\n" + EMPTY_SHA256;
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        k = hmac(k, "aws4_request");
        String signature = hex(hmac(k, toSign));
        ObjectNode req = JSON.createObjectNode();
        req.put("method", "GET");
        req.put("path", forwardedPath);
        req.put("query", forwardedQuery);
        ArrayNode headers = req.putArray("headers");
        headers.addArray().add("Host").add(host);
        headers.addArray().add("x-amz-content-sha256").add(EMPTY_SHA256);
        headers.addArray().add("X-Amz-Date").add(amzDate);
        headers.addArray().add("Authorization").add("AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope
                + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature);
        return envelope(req, service, region, action, resource);
    }

    HttpResponse<String> post(String json) {
        HttpRequest r = HttpRequest.newBuilder(replica.endpoint().resolve("/opensts/v1/authorize"))
                .timeout(SecurityItBase.TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return SecurityItBase.HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError("no answer from the decision endpoint: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The decision (HTTP 200 expected). */
    JsonNode decide(ObjectNode in) {
        HttpResponse<String> r = post(in.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}

package dev.opensts.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the JSON a resource service would send to the decision endpoint ({@code signed.json} in
 * docs/decision-endpoint.md) for a body-less request signed now with the caller's credentials, as a client of
 * that service would sign it. Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN,
 * the region from AWS_DEFAULT_REGION (us-east-1). S3 and its variants sign the payload hash header and leave
 * the path as sent, as S3 clients do; other services normalize it.
 *
 * <pre>
 * deploy/local/jdk.sh java -cp "target/classes:target/test-classes:$(cat target/test.classpath)" \
 *     dev.opensts.tools.DecisionRequest s3 GET http://s3.local:9000/photos/cat.jpg s3:GetObject \
 *     arn:aws:s3:::photos/cat.jpg 000000000000 > signed.json
 * </pre>
 *
 * Arguments: SERVICE METHOD URL ACTION RESOURCE [RESOURCE_ACCOUNT]; the last becomes the context's
 * {@code aws:ResourceAccount} (needed for ARNs without an account, such as S3's).
 */
public final class DecisionRequest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private DecisionRequest() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || args.length > 6) {
            System.err.println("usage: DecisionRequest SERVICE METHOD URL ACTION RESOURCE [RESOURCE_ACCOUNT]");
            System.exit(2);
        }
        String keyId = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (keyId == null || secret == null) {
            System.err.println("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN if temporary)");
            System.exit(2);
        }
        String token = System.getenv("AWS_SESSION_TOKEN");
        String region = System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1");
        ObjectNode json = json(new SigningCredentials(keyId, secret, token == null || token.isBlank() ? null : token),
                region, args[0], args[1], URI.create(args[2]), args[3], args[4], args.length == 6 ? args[5] : null,
                Instant.now());
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    /** The decision request for a body-less request to {@code url}, signed at {@code at}. */
    public static ObjectNode json(SigningCredentials creds, String region, String service, String method, URI url,
                                  String action, String resource, String resourceAccount, Instant at) {
        boolean s3 = service.equals("s3") || service.startsWith("s3-") || service.equals("s3express");
        String host = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : url.getRawQuery();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", host));
        HttpRequestView signed = new SigV4Signer(new SigningKeyCache(4)).signWithHeaders(
                new HttpRequestView(method, path, query, headers, new byte[0]), creds, region, service, at,
                new SigningOptions(!s3, s3, false));

        ObjectNode request = JSON.createObjectNode();
        request.put("method", method);
        request.put("path", path);
        request.put("query", query);
        ArrayNode forwarded = request.putArray("headers");
        for (Map.Entry<String, String> h : signed.headers()) {
            forwarded.addArray().add(h.getKey()).add(h.getValue());
        }
        request.put("bodySha256", EMPTY_SHA256);
        ObjectNode in = JSON.createObjectNode();
        in.set("request", request);
        in.put("action", action);
        in.put("resource", resource);
        ObjectNode context = in.putObject("context");
        if (resourceAccount != null) {
            context.putArray("aws:ResourceAccount").add(resourceAccount);
        }
        in.put("service", service);
        in.put("region", region);
        return in;
    }
}

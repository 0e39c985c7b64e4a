package dev.opensts.tools;

import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends one SigV4-signed Query-protocol POST to open-sts, for actions the AWS CLI does not know
 * (RevokeSessions). Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN; the endpoint from OPENSTS_ENDPOINT (default http://localhost:8080).
 * Arguments are the form parameters as Name=Value; {@code --curl} first prints an equivalent curl
 * command (valid for five minutes, the signature's clock skew) instead of sending.
 *
 * <pre>
 * java -cp target/classes:target/test-classes dev.opensts.tools.SignedRequest \
 *     Action=RevokeSessions Version=2011-06-15 RoleArn=arn:aws:iam::000000000000:role/app
 * </pre>
 */
public final class SignedRequest {
    public static void main(String[] args) throws Exception {
        boolean curl = args.length > 0 && args[0].equals("--curl");
        var params = new ArrayList<Map.Entry<String, String>>();
        for (int i = curl ? 1 : 0; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("usage: SignedRequest [--curl] Name=Value...");
                System.exit(2);
            }
            params.add(Map.entry(args[i].substring(0, eq), args[i].substring(eq + 1)));
        }
        String keyId = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (keyId == null || secret == null) {
            System.err.println("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN if temporary)");
            System.exit(2);
        }
        String token = System.getenv("AWS_SESSION_TOKEN");
        String region = System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1");
        URI endpoint = URI.create(System.getenv().getOrDefault("OPENSTS_ENDPOINT", "http://localhost:8080"));

        HttpRequest request = request(endpoint, new SigningCredentials(keyId, secret,
                token == null || token.isBlank() ? null : token), region, params);
        if (curl) {
            System.out.println(curl(request, params));
            return;
        }
        HttpResponse<String> r = send(request);
        System.out.println("HTTP " + r.statusCode());
        System.out.println(r.body());
        System.exit(r.statusCode() / 100 == 2 ? 0 : 1);
    }

    /** The signed POST of these form parameters to the endpoint's "/", signed for service sts now. */
    public static HttpRequest request(URI endpoint, SigningCredentials creds, String region,
                                      List<Map.Entry<String, String>> params) {
        String host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
        byte[] body = form(params).getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", host));
        headers.add(Map.entry("content-type", "application/x-www-form-urlencoded; charset=utf-8"));
        HttpRequestView signed = new SigV4Signer(new SigningKeyCache(4)).signWithHeaders(
                new HttpRequestView("POST", "/", "", headers, body), creds, region, "sts", Instant.now(),
                SigningOptions.defaults());
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : signed.headers()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                b.header(h.getKey(), h.getValue());
            }
        }
        return b.build();
    }

    public static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The same request as a curl command line. */
    public static String curl(HttpRequest request, List<Map.Entry<String, String>> params) {
        var sb = new StringBuilder("curl -sS -X POST '").append(request.uri()).append('\'');
        request.headers().map().forEach((name, values) -> values.forEach(v ->
                sb.append(" \\\n  -H '").append(name).append(": ").append(v).append('\'')));
        sb.append(" \\\n  --data-binary '").append(form(params)).append('\'');
        return sb.toString();
    }

    private static String form(List<Map.Entry<String, String>> params) {
        return params.stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

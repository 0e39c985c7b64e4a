package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Health, metrics, OpenAPI and the operator's admin API live on the management interface (a listener of their
 * own, loopback by default); the public listener has none of them. The admin API reads its input strictly:
 * a 4xx with a JSON problem for anything malformed, never a 5xx.
 */
class ManagementInterfaceIT extends IamItBase {
    private static final String ADMIN = "/opensts/admin/accounts";

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpRequest.Builder management(String path) {
        return HttpRequest.newBuilder(replica.managementEndpoint().resolve(path));
    }

    private HttpRequest.Builder adminPost(byte[] body) {
        return management(ADMIN).header("Authorization", "Bearer " + cluster.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private List<String> accountNames() {
        HttpResponse<String> list = admin("GET", cluster.adminToken(), null);
        assertThat(list.statusCode()).isEqualTo(200);
        return json(list.body()).get("accounts").findValuesAsText("name");
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/json"));
        JsonNode body = json(r.body());
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
    }

    // --- where things are served ---

    @Test
    void healthMetricsAndOpenApiAreOnTheManagementPort() {
        HttpResponse<String> ready = send(management("/q/health/ready"));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready.body()).path("status").asText()).isEqualTo("UP");
        assertThat(send(management("/q/health/live")).statusCode()).isEqualTo(200);
        HttpResponse<String> started = send(management("/q/health/started"));
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).contains("opensts-bootstrap");
        HttpResponse<String> metrics = send(management("/q/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        HttpResponse<String> openapi = send(management("/q/openapi?format=json"));
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(json(openapi.body()).at("/paths/~1opensts~1v1~1authorize").isMissingNode()).isFalse();
    }

    @Test
    void theManagementInterfaceListensOnLoopbackByDefault() throws IOException {
        // the test launcher sets no OPENSTS_MANAGEMENT_HOST: this is the default of application.properties
        assertThat(replica.env()).doesNotContainKey("OPENSTS_MANAGEMENT_HOST");
        assertThat(Files.readString(replica.logFile()))
                .contains("Management interface listening on http://127.0.0.1:" + replica.managementPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi",
            "/q/openapi?format=json", ADMIN})
    void thePublicListenerServesNoneOfThem(String path) {
        URI uri = replica.endpoint().resolve(path);
        HttpResponse<String> get = send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer "
                + cluster.adminToken()));
        assertThat(get.statusCode()).as(path + ": " + get.body()).isBetween(400, 499);
        assertThat(get.body()).doesNotContain("\"UP\"").doesNotContain("jvm_").doesNotContain("\"paths\"")
                .doesNotContain("\"accounts\"");
    }

    @Test
    void theAdminApiOnThePublicListenerCreatesNothing() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(replica.endpoint().resolve(ADMIN))
                .header("Authorization", "Bearer " + cluster.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"via-public\"}")));
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        assertThat(r.body()).doesNotContain("rootSecretAccessKey");
        assertThat(accountNames()).doesNotContain("via-public");
    }

    // --- the admin API ---

    @Test
    void withoutTheTokenEverythingIs401() {
        assertProblem(admin("GET", null, null), 401, "Unauthorized");
        assertProblem(admin("POST", null, "{\"name\":\"no-token\"}"), 401, "Unauthorized");
        assertProblem(admin("POST", cluster.adminToken() + "x", "{\"name\":\"no-token\"}"), 401, "Unauthorized");
        assertProblem(admin("GET", "", null), 401, "Unauthorized");
        HttpResponse<String> basic = send(management(ADMIN).header("Authorization", "Basic "
                + cluster.adminToken()));
        assertProblem(basic, 401, "Unauthorized");
        assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(admin("DELETE", null, null), 401, "Unauthorized");
        assertThat(accountNames()).doesNotContain("no-token");
    }

    @Test
    void createShowsTheSecretOnceAndTheListingNever() {
        String name = unique("mgmt");
        HttpResponse<String> created = admin("POST", cluster.adminToken(), "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created.body());
        String secret = body.path("rootSecretAccessKey").asText();
        assertThat(secret).hasSize(40);
        assertThat(body.path("accountId").asText()).matches("\\d{12}");
        assertThat(body.path("name").asText()).isEqualTo(name);

        HttpResponse<String> list = admin("GET", cluster.adminToken(), null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain("rootSecretAccessKey")
                .doesNotContain("Secret");
        JsonNode mine = null;
        for (JsonNode a : json(list.body()).get("accounts")) {
            if (a.path("accountId").asText().equals(body.path("accountId").asText())) {
                mine = a;
            }
        }
        assertThat(mine).as("the new account is listed").isNotNull();
        assertThat(mine.path("name").asText()).isEqualTo(name);
        assertThat(mine.path("rootAccessKeyId").asText()).isEqualTo(body.path("rootAccessKeyId").asText());
        assertThat(mine.path("createDate").asText()).isNotBlank();
    }

    @Test
    void aNameOfExactly64CharactersIsAccepted() {
        String name = "\u6771".repeat(32) + "n".repeat(32);
        HttpResponse<String> r = admin("POST", cluster.adminToken(), "{\"name\":\"" + name + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r.body()).path("name").asText()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "\"x\"", "null", "{} {}", "{\"name\":\"bad-a\",\"name\":\"bad-b\"}",
            "{\"accountId\":111122223333}", "{\"name\":7}", "{\"accountId\":\"11112222333\"}",
            "{\"accountId\":\"1111222233334\"}", "{\"accountId\":\"١١١١٢٢٢٢٣٣٣٣\"}", "{\"accountId\":\"\"}",
            "{\"name\":\"\"}", "{\"name\":\"bad\\u0000name\"}", "{\"name\":\"bad\\nname\"}",
            "{\"name\":\"bad\\u0085name\"}", "{\"name\":\"bad\\ud800name\"}", "{\"accountID\":\"111122223333\"}",
            "{\"name\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"})
    void malformedInputIs400InvalidInput(String body) {
        assertProblem(admin("POST", cluster.adminToken(), body), 400, "InvalidInput");
    }

    @Test
    void limitsOnTheNameAndTheBytes() {
        assertProblem(admin("POST", cluster.adminToken(), "{\"name\":\"" + "n".repeat(65) + "\"}"), 400,
                "InvalidInput");
        byte[] notUtf8 = "{\"name\":\"bad-utf8-?\"}".getBytes(StandardCharsets.US_ASCII);
        notUtf8[notUtf8.length - 3] = (byte) 0xFF;
        assertProblem(send(adminPost(notUtf8)), 400, "InvalidInput");
        byte[] deep = ("{\"name\":" + "[".repeat(6000) + "]".repeat(6000) + "}").getBytes(StandardCharsets.UTF_8);
        assertProblem(send(adminPost(deep)), 400, "InvalidInput");
        assertThat(accountNames()).noneMatch(n -> n.startsWith("bad") || n.startsWith("n".repeat(65)));
    }

    @Test
    void theDefaultAccountAndAnExistingOneAreRefused() {
        assertProblem(admin("POST", cluster.adminToken(), "{\"accountId\":\"" + ACCOUNT + "\"}"), 400,
                "InvalidInput");
        HttpResponse<String> first = admin("POST", cluster.adminToken(), "{\"accountId\":\"222233334444\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json(first.body()).path("name").asText()).isEqualTo("222233334444");
        assertProblem(admin("POST", cluster.adminToken(), "{\"accountId\":\"222233334444\"}"), 409,
                "EntityAlreadyExists");
    }

    @Test
    void aBodyOver16KiBIs413() {
        // 16 KiB is accepted (padding is JSON whitespace) ...
        String name = unique("big");
        String exact = "{\"name\":\"" + name + "\"}";
        exact = exact + " ".repeat(16 * 1024 - exact.length());
        HttpResponse<String> ok = admin("POST", cluster.adminToken(), exact);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        // ... one byte more is not, with or without a Content-Length
        assertProblem(admin("POST", cluster.adminToken(), exact + " "), 413, "RequestEntityTooLarge");
        byte[] chunked = ("{\"name\":\"too-big\"}" + " ".repeat(40_000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(management(ADMIN).header("Authorization", "Bearer " + cluster.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))));
        assertProblem(r, 413, "RequestEntityTooLarge");
        // the size is checked before the token: an oversized body without it is not read past the limit either
        assertProblem(admin("POST", null, "{\"name\":\"too-big\"}" + " ".repeat(40_000)), 413,
                "RequestEntityTooLarge");
        assertThat(accountNames()).contains(name).doesNotContain("too-big");
    }

    @Test
    void otherMethodsAndMediaTypes() {
        HttpResponse<String> put = send(management(ADMIN).header("Authorization", "Bearer " + cluster.adminToken())
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertProblem(put, 405, "MethodNotAllowed");
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
        assertProblem(admin("DELETE", cluster.adminToken(), null), 405, "MethodNotAllowed");
        HttpResponse<String> text = send(management(ADMIN).header("Authorization", "Bearer " + cluster.adminToken())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"as-text\"}")));
        assertProblem(text, 415, "UnsupportedMediaType");
        HttpResponse<String> charset = send(management(ADMIN)
                .header("Authorization", "Bearer " + cluster.adminToken())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"with-charset\"}")));
        assertThat(charset.statusCode()).as(charset.body()).isEqualTo(201);
        assertThat(accountNames()).contains("with-charset").doesNotContain("as-text");
    }

    /** A malformed escape in the query of a form POST was left unanswered (Quarkus merged form and query). */
    @Test
    void aFormWithABadEscapeInTheQueryIsAnswered() throws IOException {
        for (String token : new String[]{cluster.adminToken(), "wrong"}) {
            URI m = replica.managementEndpoint();
            try (var socket = new java.net.Socket(m.getHost(), m.getPort())) {
                socket.setSoTimeout(20_000); // the answer comes at once; a hang fails here, not forever
                String request = "POST " + ADMIN + "?x=%ZZ HTTP/1.1\r\nHost: " + m.getHost() + "\r\n"
                        + "Authorization: Bearer " + token + "\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n"
                        + "Connection: close\r\n\r\na=b";
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        java.nio.charset.StandardCharsets.US_ASCII)).readLine();
                assertThat(status).as(token).matches("HTTP/1\\.1 4\\d\\d .*");
            }
        }
        assertThat(accountNames()).doesNotContain("b");
    }
}

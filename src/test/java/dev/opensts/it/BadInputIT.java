package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Bad requests at the HTTP level, sent with java.net.http (signed with the project's SigV4 signer where a valid
 * signature is needed): each gets AWS's error document with the right code and status, the request id of the
 * x-amzn-RequestId header, and changes nothing.
 */
class BadInputIT extends IamItBase {
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    static final SigV4Signer SIGNER = new SigV4Signer(new SigningKeyCache(100));

    /** What came back, with the XML error document parsed. */
    record Answer(int status, String requestIdHeader, String contentType, String body) {
        Element error() {
            try {
                var f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
                return d.getDocumentElement();
            } catch (Exception e) {
                throw new AssertionError("not XML: " + body, e);
            }
        }

        String text(String tag) {
            var nodes = error().getElementsByTagName(tag);
            return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
        }
    }

    static String form(Map<String, String> params) {
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    HttpRequestView signed(String body, String keyId, String secret, Instant time, String accept) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", "127.0.0.1:" + replica.port()));
        headers.add(Map.entry("content-type", FORM));
        if (accept != null) {
            headers.add(Map.entry("accept", accept));
        }
        var unsigned = new HttpRequestView("POST", "/", "", headers, body.getBytes(StandardCharsets.UTF_8));
        return SIGNER.signWithHeaders(unsigned, new SigningCredentials(keyId, secret, null), "us-east-1", "iam", time,
                SigningOptions.defaults());
    }

    HttpRequestView signedByRoot(String body) {
        return signed(body, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), Instant.now(), null);
    }

    Answer send(HttpRequestView req) {
        return send(req, false);
    }

    /** chunked: the body is streamed without a Content-Length, so the server learns its size only as it reads. */
    Answer send(HttpRequestView req, boolean chunked) {
        HttpRequest.BodyPublisher body = req.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(req.body());
        if (chunked) {
            body = HttpRequest.BodyPublishers.fromPublisher(body);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(replica.endpoint().resolve(req.rawPath()
                        + (req.rawQuery().isEmpty() ? "" : "?" + req.rawQuery())))
                .timeout(Duration.ofSeconds(30))
                .method(req.method(), body);
        for (Map.Entry<String, String> h : req.headers()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                b.header(h.getKey(), h.getValue());
            }
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("x-amzn-RequestId").orElse(null),
                    r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Answer unsignedPost(String body) {
        return send(new HttpRequestView("POST", "/", "", List.of(Map.entry("content-type", FORM)),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** AWS's XML error document: ErrorResponse/Error/{Type,Code,Message} and RequestId = x-amzn-RequestId. */
    static Answer assertError(Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).contains("xml");
        Element root = a.error();
        assertThat(root.getLocalName()).isEqualTo("ErrorResponse");
        assertThat(a.text("Code")).isEqualTo(code);
        assertThat(a.text("Type")).isEqualTo(status >= 500 ? "Receiver" : "Sender");
        assertThat(a.text("Message")).isNotBlank();
        assertThat(a.requestIdHeader()).isNotBlank();
        assertThat(a.text("RequestId")).isEqualTo(a.requestIdHeader());
        assertThat(root.getElementsByTagName("Error").getLength()).isEqualTo(1);
        return a;
    }

    static String createRoleForm(String name) {
        return form(Map.of("Action", "CreateRole", "Version", "2010-05-08", "RoleName", name,
                "AssumeRolePolicyDocument", TRUST));
    }

    void assertNoRole(String name) {
        assertThat(iam.listRoles().roles()).extracting(Role::roleName).doesNotContain(name);
    }

    @Test
    void aValidSignedRawRequestWorks() {
        String name = unique("raw");
        Answer a = send(signedByRoot(createRoleForm(name)));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.body()).contains("<CreateRoleResponse").contains("<RoleName>" + name + "</RoleName>")
                .contains("<RequestId>" + a.requestIdHeader() + "</RequestId>");
        assertThat(iam.getRole(r -> r.roleName(name)).role().roleName()).isEqualTo(name);
    }

    @Test
    void missingAction() {
        Answer a = assertError(send(signedByRoot("Version=2010-05-08&RoleName=x")), 400, "MissingAction");
        assertThat(a.text("Message")).contains("Action");
    }

    @Test
    void missingVersion() {
        String name = unique("nov");
        Answer a = send(signedByRoot(form(Map.of("Action", "CreateRole", "RoleName", name,
                "AssumeRolePolicyDocument", TRUST))));
        assertError(a, 400, "MissingParameter");
        assertThat(a.text("Message")).contains("Version");
        assertNoRole(name);
    }

    @Test
    void unknownAction() {
        Answer a = assertError(send(signedByRoot("Action=MakeCoffee&Version=2010-05-08")), 400, "InvalidAction");
        assertThat(a.text("Message")).contains("MakeCoffee");
    }

    @Test
    void badPercentEncoding() {
        String name = unique("pct");
        Answer a = send(signedByRoot("Action=CreateRole&Version=2010-05-08&RoleName=" + name
                + "&AssumeRolePolicyDocument=%7B%zz"));
        assertError(a, 400, "MalformedQueryString");
        assertNoRole(name);
        // an escape cut short, and bytes that are no UTF-8
        assertError(send(signedByRoot("Action=ListRoles&Version=2010-05-08&PathPrefix=%2")), 400,
                "MalformedQueryString");
        assertError(send(signedByRoot("Action=ListRoles&Version=2010-05-08&PathPrefix=%C3%28")), 400,
                "MalformedQueryString");
    }

    @Test
    void aBodyOverTheLimitIsRejected() {
        String name = unique("big");
        String body = createRoleForm(name) + "&Description=" + "x".repeat(256 * 1024);
        Answer a = send(signedByRoot(body));
        assertError(a, 413, "RequestEntityTooLarge");
        assertNoRole(name);
    }

    @Test
    void aStreamedBodyOverTheLimitIsRejectedAndOneUnderItWorks() {
        String big = unique("bigc");
        String body = createRoleForm(big) + "&Description=" + "x".repeat(256 * 1024);
        assertError(send(signedByRoot(body), true), 413, "RequestEntityTooLarge");
        assertNoRole(big);

        String small = unique("smallc");
        Answer ok = send(signedByRoot(createRoleForm(small) + "&Description=" + "y".repeat(900)), true);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(iam.getRole(r -> r.roleName(small)).role().description()).hasSize(900);
    }

    @Test
    void noAuthorization() {
        String name = unique("anon");
        Answer a = assertError(unsignedPost(createRoleForm(name)), 403, "MissingAuthenticationToken");
        assertThat(a.text("Message")).isNotBlank();
        assertNoRole(name);
    }

    @Test
    void malformedAuthorization() {
        String name = unique("mal");
        Answer a = send(new HttpRequestView("POST", "/", "", List.of(Map.entry("content-type", FORM),
                Map.entry("X-Amz-Date", "20250101T000000Z"),
                Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=" + cluster.rootAccessKeyId())),
                createRoleForm(name).getBytes(StandardCharsets.UTF_8)));
        assertError(a, 400, "IncompleteSignature");
        assertNoRole(name);
    }

    @Test
    void wrongSecret() {
        String name = unique("wrong");
        String secret = cluster.rootSecretAccessKey();
        String wrong = (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);
        Answer a = send(signed(createRoleForm(name), cluster.rootAccessKeyId(), wrong, Instant.now(), null));
        assertError(a, 403, "SignatureDoesNotMatch");
        assertNoRole(name);
    }

    @Test
    void aTamperedBodyNoLongerMatchesItsSignature() {
        String name = unique("tamper");
        HttpRequestView ok = signedByRoot(createRoleForm(name));
        HttpRequestView tampered = new HttpRequestView(ok.method(), ok.rawPath(), ok.rawQuery(), ok.headers(),
                createRoleForm(name + "x").getBytes(StandardCharsets.UTF_8));
        assertError(send(tampered), 403, "SignatureDoesNotMatch");
        assertNoRole(name + "x");
    }

    @Test
    void aDateSixteenMinutesOff() {
        String name = unique("late");
        Answer a = send(signed(createRoleForm(name), cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(),
                Instant.now().minus(Duration.ofMinutes(16)), null));
        assertError(a, 403, "SignatureDoesNotMatch");
        assertThat(a.text("Message")).contains("Signature expired");
        assertNoRole(name);
        Answer future = send(signed(createRoleForm(name), cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(),
                Instant.now().plus(Duration.ofMinutes(16)), null));
        assertError(future, 403, "SignatureDoesNotMatch");
        assertNoRole(name);
    }

    @Test
    void unknownAccessKey() {
        String name = unique("who");
        Answer a = send(signed(createRoleForm(name), "AKIAAAAAAAAAAAAAAAAA", cluster.rootSecretAccessKey(),
                Instant.now(), null));
        assertError(a, 403, "InvalidClientTokenId");
        assertNoRole(name);
    }

    @Test
    void aModelValidationErrorChangesNothing() {
        String name = unique("val");
        Answer a = send(signedByRoot(form(Map.of("Action", "CreateRole", "Version", "2010-05-08", "RoleName", name,
                "AssumeRolePolicyDocument", TRUST, "MaxSessionDuration", "60"))));
        assertError(a, 400, "ValidationError");
        assertThat(a.text("Message")).contains("maxSessionDuration");
        assertNoRole(name);
    }

    @Test
    void jsonWhenAskedForSuccessAndError() {
        String name = unique("json");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
        Answer ok = send(signed(form(Map.of("Action", "GetRole", "Version", "2010-05-08", "RoleName", name)),
                cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), Instant.now(), "application/json"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.contentType()).contains("application/json");
        JsonNode body = json(ok.body());
        assertThat(body.findValue("RoleName").asText()).isEqualTo(name);
        assertThat(body.findValue("RequestId").asText()).isEqualTo(ok.requestIdHeader());

        String ghost = unique("ghost");
        Answer err = send(signed(form(Map.of("Action", "GetRole", "Version", "2010-05-08", "RoleName", ghost)),
                cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), Instant.now(), "application/json"));
        assertThat(err.status()).isEqualTo(404);
        assertThat(err.contentType()).contains("application/json");
        JsonNode e = json(err.body());
        assertThat(e.path("Error").path("Code").asText()).isEqualTo("NoSuchEntity");
        assertThat(e.path("Error").path("Type").asText()).isEqualTo("Sender");
        assertThat(e.path("Error").path("Message").asText()).contains(ghost);
        assertThat(e.path("RequestId").asText()).isEqualTo(err.requestIdHeader());
    }

    @Test
    void aPresignedGetWorks() {
        String name = unique("get");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
        var req = new HttpRequestView("GET", "/", "Action=GetRole&Version=2010-05-08&RoleName=" + name,
                List.of(Map.entry("host", "127.0.0.1:" + replica.port())), new byte[0]);
        HttpRequestView presigned = SIGNER.presign(req, new SigningCredentials(cluster.rootAccessKeyId(),
                        cluster.rootSecretAccessKey(), null), "us-east-1", "iam", Instant.now(), Duration.ofMinutes(5),
                SigningOptions.defaults());
        Answer a = send(presigned);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.body()).contains("<RoleName>" + name + "</RoleName>");
    }
}

package dev.opensts.adapter.http.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The most convincing check of the wire format: the AWS SDK for Java v2 itself serialises
 * requests that {@link QueryDecoder} decodes, and parses what {@link QueryWriter} writes.
 */
class SdkRoundTripTest {
    private HttpServer server;
    private final AtomicReference<QueryInput> lastInput = new AtomicReference<>();
    private volatile BiFunction<Operation, QueryInput, Map<String, Object>> answer;
    private volatile ServiceModel model;
    private IamClient iam;
    private StsClient sts;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
        iam = IamClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        iam.close();
        sts.close();
        server.stop(0);
    }

    /** A tiny Query endpoint: decode with the model, answer what the test says, errors as AWS writes them. */
    private void handle(HttpExchange x) throws IOException {
        Map<String, List<String>> params = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String requestId = "rid-" + System.nanoTime();
        String body;
        int status;
        try {
            Operation op = model.operation(params.get("Action").get(0)).orElseThrow();
            assertThat(params.get("Version")).containsExactly(model.apiVersion());
            QueryInput in = QueryDecoder.decode(op, params);
            lastInput.set(in);
            body = QueryWriter.xml(model, op, answer.apply(op, in), requestId);
            status = 200;
        } catch (AwsException e) {
            body = ErrorDocument.xml(model.xmlNamespace(), e.code().name(), e.code().type(), e.getMessage(), requestId);
            status = e.code().httpStatus();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/xml");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static Map<String, List<String>> form(String body) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            p.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
        }
        return p;
    }

    private static final Instant CREATED = Instant.parse("2026-11-28T04:43:44Z");

    private static Map<String, Object> roleFrom(QueryInput in) {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("Path", in.string("Path") == null ? "/" : in.string("Path"));
        role.put("RoleName", in.string("RoleName"));
        role.put("RoleId", "AROAEXAMPLE123");
        role.put("Arn", "arn:aws:iam::123456789012:role" + role.get("Path") + in.string("RoleName"));
        role.put("CreateDate", CREATED);
        role.put("AssumeRolePolicyDocument", in.string("AssumeRolePolicyDocument"));
        role.put("Description", in.string("Description"));
        role.put("MaxSessionDuration", in.integer("MaxSessionDuration"));
        List<Map<String, Object>> tags = new ArrayList<>();
        for (QueryInput t : in.structures("Tags")) {
            tags.add(Map.of("Key", t.string("Key"), "Value", t.string("Value")));
        }
        role.put("Tags", tags.isEmpty() ? null : tags);
        return role;
    }

    @Test
    void iamCreateRoleGetRoleListRoles() {
        model = Models.IAM;
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        answer = (op, in) -> Map.of("Role", roleFrom(in));
        CreateRoleResponse created = iam.createRole(r -> r.roleName("app").path("/team/").assumeRolePolicyDocument(trust)
                .description("a & b <c> \"d\" 'e'").maxSessionDuration(7200)
                .tags(Tag.builder().key("env").value("prod").build(), Tag.builder().key("team").value("").build()));
        QueryInput sent = lastInput.get();
        assertThat(sent.structures("Tags")).hasSize(2);
        assertThat(sent.structures("Tags").get(1).string("Value")).isEmpty();

        Role role = created.role();
        assertThat(role.roleName()).isEqualTo("app");
        assertThat(role.path()).isEqualTo("/team/");
        assertThat(role.roleId()).isEqualTo("AROAEXAMPLE123");
        assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/team/app");
        assertThat(role.createDate()).isEqualTo(CREATED);
        assertThat(role.assumeRolePolicyDocument()).isEqualTo(trust);
        assertThat(role.description()).isEqualTo("a & b <c> \"d\" 'e'");
        assertThat(role.maxSessionDuration()).isEqualTo(7200);
        assertThat(role.tags()).containsExactly(Tag.builder().key("env").value("prod").build(), Tag.builder().key("team").value("").build());
        assertThat(created.responseMetadata().requestId()).startsWith("rid-");

        answer = (op, in) -> Map.of("Role", Map.of("Path", "/", "RoleName", in.string("RoleName"), "RoleId", "AROAX",
                "Arn", "arn:aws:iam::123456789012:role/" + in.string("RoleName"), "CreateDate", CREATED));
        assertThat(iam.getRole(r -> r.roleName("plain")).role().arn()).isEqualTo("arn:aws:iam::123456789012:role/plain");

        answer = (op, in) -> {
            assertThat(in.integer("MaxItems")).isEqualTo(2);
            assertThat(in.string("PathPrefix")).isEqualTo("/team/");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("Roles", List.of(Map.of("Path", "/team/", "RoleName", "a", "RoleId", "AROAA", "Arn", "arn:aws:iam::123456789012:role/team/a", "CreateDate", CREATED),
                    Map.of("Path", "/team/", "RoleName", "b", "RoleId", "AROAB", "Arn", "arn:aws:iam::123456789012:role/team/b", "CreateDate", CREATED)));
            result.put("IsTruncated", true);
            result.put("Marker", "m&2");
            return result;
        };
        ListRolesResponse list = iam.listRoles(r -> r.pathPrefix("/team/").maxItems(2));
        assertThat(list.roles()).extracting(Role::roleName).containsExactly("a", "b");
        assertThat(list.isTruncated()).isTrue();
        assertThat(list.marker()).isEqualTo("m&2");
    }

    @Test
    void iamErrors() {
        model = Models.IAM;
        answer = (op, in) -> {
            throw AwsException.noSuchEntity("The role with name " + in.string("RoleName") + " cannot be found.");
        };
        NoSuchEntityException missing = catchThrowableOfType(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("ghost")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("The role with name ghost cannot be found.");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.requestId()).startsWith("rid-");

        // the SDK does not validate; the decoder answers as IAM does
        IamException invalid = catchThrowableOfType(IamException.class, () -> iam.getRole(r -> r.roleName("bad name")));
        assertThat(invalid.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.awsErrorDetails().errorMessage()).isEqualTo(
                "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    }

    @Test
    void stsGetCallerIdentityAndAssumeRole() {
        model = Models.STS;
        answer = (op, in) -> Map.of("UserId", "AIDAEXAMPLE", "Account", "123456789012", "Arn", "arn:aws:iam::123456789012:user/alice");
        GetCallerIdentityResponse me = sts.getCallerIdentity();
        assertThat(me.userId()).isEqualTo("AIDAEXAMPLE");
        assertThat(me.account()).isEqualTo("123456789012");
        assertThat(me.arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");

        Instant expiration = Instant.parse("2026-11-28T05:43:44Z");
        answer = (op, in) -> {
            Map<String, Object> result = QueryWriterTest.assumeRoleResult();
            result.put("SourceIdentity", in.string("SourceIdentity"));
            return result;
        };
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/demo").roleSessionName("s1")
                .durationSeconds(3600).sourceIdentity("alice")
                .policyArns(p -> p.arn("arn:aws:iam::aws:policy/ReadOnlyAccess"))
                .tags(t -> t.key("project").value("blue"), t -> t.key("cost").value("42"))
                .transitiveTagKeys("project"));
        QueryInput sent = lastInput.get();
        assertThat(sent.integer("DurationSeconds")).isEqualTo(3600);
        assertThat(sent.structures("PolicyArns")).singleElement().extracting(p -> p.string("arn")).isEqualTo("arn:aws:iam::aws:policy/ReadOnlyAccess");
        assertThat(sent.structures("Tags")).extracting(t -> t.string("Key") + "=" + t.string("Value")).containsExactly("project=blue", "cost=42");
        assertThat(sent.strings("TransitiveTagKeys")).containsExactly("project");

        assertThat(assumed.credentials().accessKeyId()).isEqualTo("ASIAEXAMPLE");
        assertThat(assumed.credentials().secretAccessKey()).isEqualTo("secret/+key");
        assertThat(assumed.credentials().sessionToken()).isEqualTo("token&<>");
        assertThat(assumed.credentials().expiration()).isEqualTo(expiration);
        assertThat(assumed.assumedRoleUser().assumedRoleId()).isEqualTo("AROAEXAMPLE:s1");
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/demo/s1");
        assertThat(assumed.packedPolicySize()).isEqualTo(6);
        assertThat(assumed.sourceIdentity()).isEqualTo("alice");
    }

    @Test
    void stsErrors() {
        model = Models.STS;
        answer = (op, in) -> {
            throw new AwsException(ErrorCode.AccessDenied, "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole");
        };
        StsException denied = catchThrowableOfType(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/demo").roleSessionName("s1")));
        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.requestId()).startsWith("rid-");

        StsException invalid = catchThrowableOfType(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/demo").roleSessionName("!")));
        assertThat(invalid.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(invalid.awsErrorDetails().errorMessage()).startsWith("2 validation errors detected: Value '!' at 'roleSessionName'");
    }
}

package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord.Kind;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Effect;
import dev.opensts.policy.Outcome;
import dev.opensts.policy.PrincipalType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/audit-events.md is the auditors' contract: every record kind and every field the encoder writes is named
 * there, and its examples have exactly the fields the encoder writes for a record of their kind and outcome.
 */
class AuditEventsDocTest {
    private static final String ACCOUNT = "000000000000";
    private static final Instant NOW = Instant.parse("2026-11-28T06:02:41.380Z");

    private final ObjectMapper json = new ObjectMapper();
    private final AuditRecordCodec codec = new AuditRecordCodec(json);
    private final AuditRecords records = new AuditRecords(Clock.fixed(NOW, ZoneOffset.UTC));

    private static String doc() throws IOException {
        return Files.readString(Path.of("docs/audit-events.md"));
    }

    private static SessionClaims roleSession(String keyId) {
        return SessionClaims.builder().kind(SessionKind.ASSUMED_ROLE).accountId(ACCOUNT).accessKeyId(keyId)
                .secretAccessKey("s".repeat(40)).principalArn("arn:aws:sts::" + ACCOUNT + ":assumed-role/deployer/ci")
                .principalId("AROAAAAAAAAAKX7QJ3PA:ci").roleArn("arn:aws:iam::" + ACCOUNT + ":role/deployer")
                .roleName("deployer").roleId("AROAAAAAAAAAKX7QJ3PA").sessionName("ci").issuedAt(NOW.minusSeconds(60))
                .expiresAt(NOW.plusSeconds(3600)).sourceIdentity("src-1").originAccessKeyId("AKIAORIGIN")
                .originPrincipalArn("arn:aws:iam::" + ACCOUNT + ":user/dave").parentAccessKeyId("AKIAORIGIN").build();
    }

    private static Caller sessionCaller() {
        SessionClaims s = roleSession("ASIAAAAAAAAACALLER00000000AA");
        return new Caller(ACCOUNT, s.principalArn(), PrincipalType.ASSUMED_ROLE, s.principalId(), null,
                s.accessKeyId(), "127.0.0.1", false, "test-agent", s, "us-east-1");
    }

    private static Caller userCaller() {
        return new Caller(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/dave", PrincipalType.USER,
                "AIDAAAAAAAAAD2KQX4VM", "dave", "AKIAAAAAAAAAPL3SBEQE", "127.0.0.1", false, "test-agent", null,
                "us-east-1");
    }

    /** One record of each kind and outcome, with every optional member set that the kind can carry. */
    private Map<String, AuditRecord> samples() {
        var params = new LinkedHashMap<String, Object>();
        params.put("roleArn", "arn:aws:iam::" + ACCOUNT + ":role/deployer");
        params.put("roleSessionName", "ci");
        Decision allow = new Decision(Outcome.ALLOW, List.of(new DecidingStatement("trust", "Allow", 0, Effect.ALLOW)));
        Decision deny = new Decision(Outcome.EXPLICIT_DENY,
                List.of(new DecidingStatement("trust", "NoDave", 1, Effect.DENY)));
        var out = new LinkedHashMap<String, AuditRecord>();
        out.put("AssumeRole granted", records.granted(Kind.AssumeRole, "r1", sessionCaller(), params,
                roleSession("ASIAAAAAAAAAISSUED0000000AAA"), 12, allow));
        out.put("AssumeRole denied", records.denied(Kind.AssumeRole, "r2", userCaller(), params, ACCOUNT,
                new AwsException(ErrorCode.AccessDenied, "not authorized"), deny));
        SessionClaims userSession = SessionClaims.builder().kind(SessionKind.USER_SESSION).accountId(ACCOUNT)
                .accessKeyId("ASIAAAAAAAAAUSER00000000AAAA").secretAccessKey("s".repeat(40))
                .principalArn("arn:aws:iam::" + ACCOUNT + ":user/dave").principalId("AIDAAAAAAAAAD2KQX4VM")
                .userName("dave").issuedAt(NOW).expiresAt(NOW.plusSeconds(3600)).originAccessKeyId("AKIA1")
                .originPrincipalArn("arn:aws:iam::" + ACCOUNT + ":user/dave").parentAccessKeyId("AKIA1").build();
        out.put("GetSessionToken granted", records.granted(Kind.GetSessionToken, "r3", userCaller(),
                Map.of("durationSeconds", 1200), userSession, null, null));
        SessionClaims federated = SessionClaims.builder().kind(SessionKind.FEDERATED_USER).accountId(ACCOUNT)
                .accessKeyId("ASIAAAAAAAAAFED000000000AAAA").secretAccessKey("s".repeat(40))
                .principalArn("arn:aws:sts::" + ACCOUNT + ":federated-user/Bob").principalId(ACCOUNT + ":Bob")
                .sessionName("Bob").userName("dave").issuerId("AIDAAAAAAAAAD2KQX4VM").issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(3600)).originAccessKeyId("AKIA1")
                .originPrincipalArn("arn:aws:iam::" + ACCOUNT + ":user/dave").parentAccessKeyId("AKIA1").build();
        out.put("GetFederationToken granted", records.grantedFederatedUser("r3f", userCaller(),
                Map.of("name", "Bob"), federated, 5));
        out.put("A federated user's request", records.completed(Call.of(AuditRecord.Service.sts, "GetCallerIdentity",
                "r3g", dev.opensts.app.AppFixture.callerOf(federated), null, Map.of()), null, Map.of(), null));
        SessionClaims webSession = SessionClaims.builder().kind(SessionKind.ASSUMED_ROLE).accountId(ACCOUNT)
                .accessKeyId("ASIAAAAAAAAAWEBID0000000AAAA").secretAccessKey("s".repeat(40))
                .principalArn("arn:aws:sts::" + ACCOUNT + ":assumed-role/builder/ci").principalId("AROAAAAAAAAAB:ci")
                .roleArn("arn:aws:iam::" + ACCOUNT + ":role/builder").roleName("builder").roleId("AROAAAAAAAAAB")
                .sessionName("ci").issuedAt(NOW).expiresAt(NOW.plusSeconds(3600)).sourceIdentity("src-1")
                .originAccessKeyId("ASIAAAAAAAAAWEBID0000000AAAA")
                .originPrincipalArn("arn:aws:iam::" + ACCOUNT + ":oidc-provider/k8s.example.com")
                .parentAccessKeyId("ASIAAAAAAAAAWEBID0000000AAAA").build();
        var web = AuditRecords.webIdentity("k8s.example.com", "sts.amazonaws.com", "system:serviceaccount:ci:builder");
        out.put("AssumeRoleWithWebIdentity granted", records.granted(Kind.AssumeRoleWithWebIdentity, "r5", web,
                "127.0.0.1", "test-agent", null, params, webSession, 3, new AuditRecord.WebIdentity(
                        "system:serviceaccount:ci:builder", "https://k8s.example.com", "sts.amazonaws.com"), allow));
        out.put("AssumeRoleWithWebIdentity denied", records.denied(Kind.AssumeRoleWithWebIdentity, "r6",
                AuditRecords.unverifiedWebIdentity(), "127.0.0.1", "test-agent", null, params, ACCOUNT,
                new AwsException(ErrorCode.InvalidIdentityToken, "bad token"), null));
        out.put("RevokedSessionPresented", records.revokedSessionPresented("r4",
                roleSession("ASIAAAAAAAAAREVOKED000000AAA"), "127.0.0.1", "test-agent"));
        var createRole = Call.of(AuditRecord.Service.iam, "CreateRole", "r7", userCaller(),
                AuditRecords.tls("TLSv1.3", "TLS_AES_128_GCM_SHA256", "sts.example.com"),
                Map.of("roleName", "reader", "assumeRolePolicyDocument", "{}"));
        out.put("CreateRole granted", records.completed(createRole, Map.of("role", Map.of("roleName", "reader",
                "arn", "arn:aws:iam::" + ACCOUNT + ":role/reader", "createDate", NOW)), Map.of(), null));
        out.put("CreateRole denied", records.failed(createRole, new dev.opensts.app.auth.AccessDenied("no", deny)));
        out.put("GetCallerIdentity granted", records.completed(Call.of(AuditRecord.Service.sts,
                "GetCallerIdentity", "r8", sessionCaller(), null, Map.of()), null, Map.of(), null));
        out.put("RevokeSessions granted", records.completed(Call.of(AuditRecord.Service.sts, "RevokeSessions", "r9",
                userCaller(), null, Map.of("roleArn", "arn:aws:iam::" + ACCOUNT + ":role/deployer")),
                Map.of("revocationId", "rv-1", "effectiveAt", NOW), Map.of("revocationId", "rv-1"), null));
        out.put("Authorize granted", records.completed(new Call(AuditRecord.Service.opensts, "Authorize", "r10",
                AuditRecord.UserIdentity.ofType("OpenStsResourceService"), ACCOUNT, "127.0.0.1", "svc", "us-east-1",
                null, Map.of("action", "s3:GetObject", "resource", "arn:aws:s3:::b/k", "service", "s3",
                "principalArn", "arn:aws:iam::" + ACCOUNT + ":user/dave")), null, Map.of("principalArn",
                "arn:aws:iam::" + ACCOUNT + ":user/dave", "action", "s3:GetObject", "resource", "arn:aws:s3:::b/k",
                "authenticationError", "SignatureDoesNotMatch"), allow));
        out.put("CreateAccount granted", records.completed(new Call(AuditRecord.Service.opensts, "CreateAccount",
                "r11", AuditRecord.UserIdentity.ofType("OpenStsAdmin"), "111122223333", "127.0.0.1", "curl", null,
                null, Map.of("accountId", "111122223333")), Map.of("accountId", "111122223333",
                "rootAccessKeyId", "AKIAAAAAAAAANEWROOT1"), Map.of(), null));
        out.put("ListRoles denied", records.failed(new Call(AuditRecord.Service.iam, "ListRoles", "r12",
                AuditRecords.unknown("AKIAAAAAAAAAUNKNOWN1"), AuditRecords.NO_ACCOUNT, "192.0.2.1", "x", "us-east-1",
                null, Map.of()), new AwsException(ErrorCode.InvalidClientTokenId, "unknown key")));
        out.put("DeleteRole failed", records.failed(createRole, new IllegalStateException("defect")));
        return out;
    }

    private JsonNode encode(AuditRecord r) throws IOException {
        return json.readTree(codec.encode(r, "/opensts/test"));
    }

    @Test
    void every_kind_and_every_field_the_encoder_writes_is_documented() throws IOException {
        String doc = doc();
        for (Kind kind : Kind.values()) {
            assertThat(doc).as("type of %s", kind).contains("`" + kind.name() + "`");
        }
        for (AuditRecord.Service service : AuditRecord.Service.values()) {
            assertThat(doc).as("%s", service).contains("`" + service.eventSource() + "`");
        }
        for (var sample : samples().entrySet()) {
            JsonNode encoded = encode(sample.getValue());
            for (String field : fieldNames(encoded, "")) {
                String name = field.substring(field.lastIndexOf('.') + 1);
                boolean own = field.startsWith("data.requestParameters.") || field.startsWith("data.responseElements.");
                if (!own || sample.getKey().startsWith("Revoked") || sample.getKey().startsWith("AssumeRole")) {
                    assertThat(doc).as("%s: %s", sample.getKey(), field).contains("`" + name + "`");
                }
            }
            JsonNode data = encoded.path("data");
            assertThat(doc).contains("`" + data.path("userIdentity").path("type").asText() + "`");
            if (!data.path("eventSource").asText().equals("iam.amazonaws.com")) { // IAM's are AWS's, all of them
                assertThat(doc).contains("`" + data.path("eventName").asText() + "`");
            }
            if (data.path("additionalEventData").has("decision")) {
                assertThat(doc).contains("`" + data.path("additionalEventData").path("decision").asText() + "`");
            }
        }
    }

    @Test
    void a_federated_users_request_names_its_IAM_user_as_session_issuer() throws IOException {
        JsonNode id = encode(samples().get("A federated user's request")).path("data").path("userIdentity");
        assertThat(id.path("type").asText()).isEqualTo("FederatedUser");
        assertThat(id.path("principalId").asText()).isEqualTo(ACCOUNT + ":Bob");
        assertThat(id.has("userName")).isFalse();
        JsonNode issuer = id.path("sessionContext").path("sessionIssuer");
        assertThat(issuer.path("type").asText()).isEqualTo("IAMUser");
        assertThat(issuer.path("principalId").asText()).isEqualTo("AIDAAAAAAAAAD2KQX4VM");
        assertThat(issuer.path("arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/dave");
        assertThat(issuer.path("userName").asText()).isEqualTo("dave");
        JsonNode granted = encode(samples().get("GetFederationToken granted")).path("data").path("responseElements");
        assertThat(granted.path("federatedUser").path("arn").asText())
                .isEqualTo("arn:aws:sts::" + ACCOUNT + ":federated-user/Bob");
        assertThat(granted.has("assumedRoleUser")).isFalse();
        assertThat(granted.path("credentials").has("secretAccessKey")).isFalse();
    }

    @Test
    void every_record_and_every_example_validates_against_the_published_schema() throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(tools.jackson.databind.json.JsonMapper.shared()
                        .readTree(Files.readString(Path.of("docs/audit-record.schema.json"))));
        for (var sample : samples().entrySet()) {
            byte[] encoded = codec.encode(sample.getValue(), "/opensts/test");
            assertThat(schema.validate(tools.jackson.databind.json.JsonMapper.shared().readTree(encoded)))
                    .as("%s: %s", sample.getKey(), new String(encoded, StandardCharsets.UTF_8)).isEmpty();
        }
        for (JsonNode example : examples()) {
            assertThat(schema.validate(tools.jackson.databind.json.JsonMapper.shared().readTree(example.toString())))
                    .as("example %s", example.path("type")).isEmpty();
        }
        // and the schema refuses what is not a record: a v1 record, a record with a secret-looking extra field
        JsonNode v2 = encode(samples().get("AssumeRole granted"));
        var v1 = ((com.fasterxml.jackson.databind.node.ObjectNode) v2.deepCopy()).put("schemaversion", 1);
        assertThat(schema.validate(tools.jackson.databind.json.JsonMapper.shared().readTree(v1.toString())))
                .isNotEmpty();
        var extra = (com.fasterxml.jackson.databind.node.ObjectNode) v2.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) extra.path("data")).put("secretAccessKey", "x");
        assertThat(schema.validate(tools.jackson.databind.json.JsonMapper.shared().readTree(extra.toString())))
                .isNotEmpty();
    }

    @Test
    void the_envelope_id_is_the_event_id_unique_per_record_and_the_key_is_the_recipient() throws IOException {
        Set<String> ids = new TreeSet<>();
        Map<String, AuditRecord> samples = samples();
        for (AuditRecord r : samples.values()) {
            JsonNode e = encode(r);
            assertThat(e.path("id").asText()).isEqualTo(e.path("data").path("eventID").asText())
                    .isEqualTo(r.eventId());
            assertThat(e.path("subject").asText()).isEqualTo(e.path("data").path("recipientAccountId").asText());
            assertThat(e.path("type").asText()).isEqualTo("dev.opensts." + r.service() + "." + r.eventName());
            assertThat(e.path("requestid").asText()).isEqualTo(e.path("data").path("requestID").asText());
            ids.add(r.eventId());
        }
        assertThat(ids).as("one random event id per record").hasSize(samples.size());
    }

    private List<JsonNode> examples() throws IOException {
        Matcher m = Pattern.compile("```json\n(.*?)\n```", Pattern.DOTALL).matcher(doc());
        List<JsonNode> examples = new ArrayList<>();
        while (m.find()) {
            JsonNode example = json.readTree(m.group(1).getBytes(StandardCharsets.UTF_8));
            // the digest topic's record is no audit record: KafkaDigestLogTest pins it
            if (!KafkaDigestLog.TYPE.equals(example.path("type").asText())) {
                examples.add(example);
            }
        }
        return examples;
    }

    @Test
    void the_examples_have_exactly_the_fields_the_encoder_writes() throws IOException {
        List<JsonNode> examples = examples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
        Map<String, AuditRecord> samples = samples();
        for (JsonNode example : examples) {
            String kind = example.path("data").path("eventName").asText();
            boolean granted = !example.path("data").has("errorCode");
            String key = kind.equals("RevokedSessionPresented") ? kind : kind + (granted ? " granted" : " denied");
            assertThat(samples).as("a sample for the example of %s", key).containsKey(key);
            JsonNode encoded = encode(samples.get(key));
            // the example's fields are the encoder's, less the optional ones the example's caller does not have
            Set<String> exampleFields = fieldNames(example, "");
            Set<String> encodedFields = fieldNames(encoded, "");
            assertThat(encodedFields).as(key).containsAll(withoutParameters(exampleFields));
            for (String required : List.of("specversion", "id", "source", "type", "subject", "time",
                    "datacontenttype", "schemaversion", "requestid", "data.eventVersion", "data.eventName",
                    "data.eventTime", "data.eventSource", "data.awsRegion", "data.requestID", "data.eventID",
                    "data.recipientAccountId", "data.userIdentity.type", "data.sourceIPAddress", "data.userAgent",
                    "data.responseElements", "data.readOnly", "data.resources", "data.eventType",
                    "data.managementEvent", "data.eventCategory", "data.additionalEventData")) {
                assertThat(exampleFields).as("%s example has %s", key, required).contains(required);
            }
        }
    }

    /** Request parameters are the request's own: an example shows some of them, not necessarily the sample's. */
    private static Set<String> withoutParameters(Set<String> fields) {
        var out = new TreeSet<String>();
        for (String f : fields) {
            if (!f.startsWith("data.requestParameters.") && !f.startsWith("data.responseElements.")
                    && !f.startsWith("data.additionalEventData.decidingStatements.")
                    && !f.startsWith("data.tlsDetails")) {
                out.add(f);
            }
        }
        return out;
    }

    /** Every object member's dotted path; array elements share their array's path. */
    private static Set<String> fieldNames(JsonNode node, String prefix) {
        var out = new TreeSet<String>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.add(path);
                out.addAll(fieldNames(e.getValue(), path));
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                out.addAll(fieldNames(element, prefix));
            }
        }
        return out;
    }
}

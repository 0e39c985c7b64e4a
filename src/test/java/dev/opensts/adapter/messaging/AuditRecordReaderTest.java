package dev.opensts.adapter.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.adapter.kafka.AuditRecordEncoding;
import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecord.Service;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import dev.opensts.app.trail.TrailEntry;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.PrincipalType;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Records of both schema versions, as JSON, into what they mean for the index (docs/audit-events.md). */
class AuditRecordReaderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final AuditRecordReader reader = new AuditRecordReader(JSON);

    static final String V1_DENIED = """
            {"specversion":"1.0","id":"0f6c1f0e-3a43-4c5e-9a3e-54c8f6d2a1b7","source":"/opensts/local-1",
             "type":"dev.opensts.sts.AssumeRole","subject":"000000000000","time":"2026-11-28T05:36:20.114Z",
             "datacontenttype":"application/json","schemaversion":1,
             "requestid":"0f6c1f0e-3a43-4c5e-9a3e-54c8f6d2a1b7",
             "data":{"eventName":"AssumeRole","eventTime":"2026-11-28T05:36:20.114Z",
              "requestId":"0f6c1f0e-3a43-4c5e-9a3e-54c8f6d2a1b7","accountId":"000000000000",
              "userIdentity":{"type":"IAMUser","principalId":"AIDAAAAAAAAAD2KQX4VM",
                "arn":"arn:aws:iam::000000000000:user/dave","accountId":"000000000000",
                "accessKeyId":"AKIAAAAAAAAAPL3SBEQE","userName":"dave"},
              "sourceIPAddress":"127.0.0.1","userAgent":"aws-cli/1.45.11",
              "requestParameters":{"roleArn":"arn:aws:iam::000000000000:role/reader","roleSessionName":"dave"},
              "responseElements":null,"errorCode":"AccessDenied","errorMessage":"User: ... is not authorized",
              "decision":"ExplicitDeny",
              "decidingStatements":[{"policyName":"trust","sid":"NoDave","index":1,"effect":"DENY"}]}}
            """;

    static final String V2_CREATE_ROLE = """
            {"specversion":"1.0","id":"7d1c7a52-1111-4c5e-9a3e-54c8f6d2a1b7","source":"/opensts/a",
             "type":"dev.opensts.iam.CreateRole","subject":"111122223333","time":"2026-11-29T10:00:00.001Z",
             "datacontenttype":"application/json","schemaversion":2,"requestid":"r-2",
             "data":{"eventVersion":"1.11","userIdentity":{"type":"AssumedRole",
                "principalId":"AROAAAAAAAAAKX7QJ3PA:ci-run",
                "arn":"arn:aws:sts::111122223333:assumed-role/deployer/ci-run","accountId":"111122223333",
                "accessKeyId":"ASIAAAAAAAAAQ2ZC5LMN"},
              "eventTime":"2026-11-29T10:00:00.001Z","eventSource":"iam.amazonaws.com","eventName":"CreateRole",
              "awsRegion":"us-east-1","sourceIPAddress":"10.0.0.1","userAgent":"sdk",
              "requestParameters":{"roleName":"app"},
              "responseElements":{"role":{"arn":"arn:aws:iam::111122223333:role/team/app","roleName":"app"}},
              "requestID":"r-2","eventID":"7d1c7a52-1111-4c5e-9a3e-54c8f6d2a1b7","readOnly":false,
              "resources":[{"ARN":"arn:aws:iam::111122223333:role/team/app","accountId":"111122223333",
                            "type":"AWS::IAM::Role"}],
              "eventType":"AwsApiCall","managementEvent":true,"eventCategory":"Management",
              "recipientAccountId":"111122223333"}}
            """;

    @Test
    void aVersion1RecordIsMappedAsTheContractSays() throws Exception {
        TrailEntry e = reader.read(V1_DENIED);
        assertThat(e.eventId()).isEqualTo("0f6c1f0e-3a43-4c5e-9a3e-54c8f6d2a1b7");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-28T05:36:20.114Z"));
        assertThat(e.accountId()).isEqualTo("000000000000");
        assertThat(e.actorAccountId()).isEqualTo("000000000000");
        assertThat(e.eventName()).isEqualTo("AssumeRole");
        assertThat(e.eventSource()).isEqualTo("sts.amazonaws.com");
        assertThat(e.readOnly()).isFalse();
        assertThat(e.username()).isEqualTo("dave");
        assertThat(e.accessKeyId()).isEqualTo("AKIAAAAAAAAAPL3SBEQE");
        assertThat(e.resources()).containsExactly(new TrailEntry.Resource("AWS::IAM::Role",
                "arn:aws:iam::000000000000:role/reader"));
        assertThat(e.resources().get(0).name()).isEqualTo("reader");

        JsonNode record = JSON.readTree(e.record());
        assertThat(record.path("eventVersion").asText()).isEqualTo("1.11");
        assertThat(record.path("eventID").asText()).isEqualTo(e.eventId());
        assertThat(record.path("requestID").asText()).isEqualTo("0f6c1f0e-3a43-4c5e-9a3e-54c8f6d2a1b7");
        assertThat(record.path("recipientAccountId").asText()).isEqualTo("000000000000");
        assertThat(record.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(record.path("eventType").asText()).isEqualTo("AwsApiCall");
        assertThat(record.path("additionalEventData").path("decision").asText()).isEqualTo("ExplicitDeny");
        assertThat(record.path("additionalEventData").path("decidingStatements").get(0).path("sid").asText())
                .isEqualTo("NoDave");
        assertThat(record.has("decision")).as("moved under additionalEventData").isFalse();
    }

    @Test
    void aVersion2RecordIsTakenAsItIs() throws Exception {
        TrailEntry e = reader.read(V2_CREATE_ROLE);
        assertThat(e.eventId()).isEqualTo("7d1c7a52-1111-4c5e-9a3e-54c8f6d2a1b7");
        assertThat(e.accountId()).isEqualTo("111122223333");
        assertThat(e.eventSource()).isEqualTo("iam.amazonaws.com");
        assertThat(e.region()).isEqualTo("us-east-1");
        // no userName: the last part of the ARN, the role session's name, as CloudTrail does
        assertThat(e.username()).isEqualTo("ci-run");
        assertThat(e.resources()).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("AWS::IAM::Role");
            assertThat(r.name()).isEqualTo("app");
        });
        assertThat(JSON.readTree(e.record())).isEqualTo(JSON.readTree(V2_CREATE_ROLE).get("data"));
    }

    @Test
    void aRevokedSessionIsAServiceEventAndARootCallerIsRoot() throws Exception {
        String v1 = V1_DENIED.replace("dev.opensts.sts.AssumeRole", "dev.opensts.sts.RevokedSessionPresented")
                .replace("\"eventName\":\"AssumeRole\"", "\"eventName\":\"RevokedSessionPresented\"")
                .replace("\"arn\":\"arn:aws:iam::000000000000:user/dave\"", "\"arn\":\"arn:aws:iam::000000000000:root\"")
                .replace(",\"userName\":\"dave\"", "");
        TrailEntry e = reader.read(v1);
        assertThat(JSON.readTree(e.record()).path("eventType").asText()).isEqualTo("AwsServiceEvent");
        assertThat(e.username()).isEqualTo("root");
    }

    @Test
    void whatIsNotAnAuditRecordIsNull() {
        assertThat(reader.read(null)).isNull();
        assertThat(reader.read("not json")).isNull();
        assertThat(reader.read("[1,2]")).isNull();
        assertThat(reader.read("{\"id\":\"x\"}")).isNull();
        assertThat(reader.read("{\"id\":\"x\",\"subject\":\"1\",\"data\":{\"eventName\":\"A\"}}"))
                .as("no time").isNull();
    }

    @Test
    void aRecordOfNoAccountIsIndexedUnderNone() {
        String v1 = V1_DENIED.replace("\"subject\":\"000000000000\"", "\"subject\":null")
                .replace("\"requestId\":\"0f6c1f0e-3a43-4c5e-9a3e-54c8f6d2a1b7\",\"accountId\":\"000000000000\"",
                        "\"requestId\":\"0f6c1f0e-3a43-4c5e-9a3e-54c8f6d2a1b7\",\"accountId\":null");
        TrailEntry e = reader.read(v1);
        assertThat(e).isNotNull();
        assertThat(e.accountId()).isEqualTo(AuditRecordReader.NO_ACCOUNT);
    }

    @Test
    void eventSourceFromTheType() {
        assertThat(AuditRecordReader.eventSource("dev.opensts.sts.GetSessionToken")).isEqualTo("sts.amazonaws.com");
        assertThat(AuditRecordReader.eventSource("dev.opensts.opensts.Authorize")).isEqualTo("opensts.amazonaws.com");
        assertThat(AuditRecordReader.eventSource(null)).isEqualTo("opensts.amazonaws.com");
    }

    // ---- schema version 2 records as the service writes them: built by AuditRecords, encoded by the codec of the
    // audit topic, so that these break when either changes

    static final String A = "111122223333";
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00.123Z");
    final AuditRecords records = new AuditRecords(Clock.fixed(NOW, ZoneOffset.UTC));

    static Caller root() {
        return new Caller(A, "arn:aws:iam::" + A + ":root", PrincipalType.ROOT, A, null, "AKIAAAAAAAAAROOT0001",
                "10.0.0.1", false, "sdk", null, "us-east-1");
    }

    static Caller alice() {
        return new Caller(A, "arn:aws:iam::" + A + ":user/eng/alice", PrincipalType.USER, "AIDAAAAAAAAAALICE001",
                "alice", "AKIAAAAAAAAAALICE001", "10.0.0.2", true, "sdk", null, "us-east-1");
    }

    static Caller session() {
        return new Caller(A, "arn:aws:sts::" + A + ":assumed-role/deployer/ci-run", PrincipalType.ASSUMED_ROLE,
                "AROAAAAAAAAAKX7QJ3PA:ci-run", null, "ASIAAAAAAAAAQ2ZC5LMN", "10.0.0.3", true, "sdk", null,
                "eu-west-1");
    }

    TrailEntry read(AuditRecord r) throws Exception {
        String value = AuditRecordEncoding.encode(JSON, r, "/opensts/a");
        TrailEntry e = reader.read(value);
        assertThat(e).as(value).isNotNull();
        // the index keeps the record as written: LookupEvents' CloudTrailEvent is the topic's data
        assertThat(JSON.readTree(e.record())).isEqualTo(JSON.readTree(value).get("data"));
        assertThat(e.eventId()).isEqualTo(r.eventId());
        assertThat(e.eventTime()).isEqualTo(NOW);
        assertThat(e.eventName()).isEqualTo(r.eventName());
        assertThat(e.eventSource()).isEqualTo(r.eventSource());
        assertThat(e.readOnly()).isEqualTo(r.readOnly());
        assertThat(e.accountId()).isEqualTo("Unknown".equals(r.userIdentity().type()) ? AuditRecordReader.NO_ACCOUNT
                : r.recipientAccountId());
        return e;
    }

    @Test
    void anIamWriteByRootIsFoundByItsRoleAndByRoot() throws Exception {
        AuditRecord r = records.completed(Call.of(Service.iam, "CreateRole", "r-1", root(), null,
                Map.of("roleName", "app", "assumeRolePolicyDocument", "{}")), Map.of("role", Map.of("roleName",
                "app")), Map.of(), null);
        TrailEntry e = read(r);
        assertThat(e.eventSource()).isEqualTo("iam.amazonaws.com");
        assertThat(e.readOnly()).isFalse();
        assertThat(e.accountId()).isEqualTo(A);
        assertThat(e.actorAccountId()).isEqualTo(A);
        assertThat(e.username()).isEqualTo("root");
        assertThat(e.accessKeyId()).isEqualTo("AKIAAAAAAAAAROOT0001");
        assertThat(e.region()).isEqualTo("us-east-1");
        assertThat(e.resources()).containsExactly(
                new TrailEntry.Resource("AWS::IAM::Role", "arn:aws:iam::" + A + ":role/app"));
        assertThat(e.resources().get(0).name()).isEqualTo("app");
    }

    @Test
    void anIamReadIsReadOnlyAndAnIamUserIsItsUserName() throws Exception {
        TrailEntry e = read(records.completed(Call.of(Service.iam, "GetRole", "r-2", alice(), null,
                Map.of("roleName", "app")), Map.of("role", Map.of()), Map.of(), null));
        assertThat(e.readOnly()).isTrue();
        assertThat(e.username()).isEqualTo("alice");
        assertThat(e.resources()).extracting(TrailEntry.Resource::name).containsExactly("app");
        assertThat(JSON.readTree(e.record()).path("responseElements").isNull()).as("a read's").isTrue();
        assertThat(JSON.readTree(e.record()).path("tlsDetails").isMissingNode()).isTrue();
    }

    @Test
    void everyResourceANamedActionTouchesIsIndexed() throws Exception {
        String policy = "arn:aws:iam::" + A + ":policy/read";
        TrailEntry e = read(records.completed(Call.of(Service.iam, "AttachRolePolicy", "r-3", root(), null,
                Map.of("roleName", "app", "policyArn", policy)), Map.of(), Map.of(), null));
        assertThat(e.resources()).containsExactlyInAnyOrder(
                new TrailEntry.Resource("AWS::IAM::Role", "arn:aws:iam::" + A + ":role/app"),
                new TrailEntry.Resource("AWS::IAM::ManagedPolicy", policy));
        assertThat(e.resources()).extracting(TrailEntry.Resource::name).containsExactlyInAnyOrder("app", "read");

        TrailEntry user = read(records.completed(Call.of(Service.iam, "CreateAccessKey", "r-4", root(), null,
                Map.of("userName", "alice")), Map.of(), Map.of(), null));
        assertThat(user.resources()).containsExactly(
                new TrailEntry.Resource("AWS::IAM::User", "arn:aws:iam::" + A + ":user/alice"));

        String oidc = "arn:aws:iam::" + A + ":oidc-provider/token.example.com";
        TrailEntry provider = read(records.completed(Call.of(Service.iam, "DeleteOpenIDConnectProvider", "r-5",
                root(), null, Map.of("openIDConnectProviderArn", oidc)), Map.of(), Map.of(), null));
        assertThat(provider.resources()).containsExactly(new TrailEntry.Resource("AWS::IAM::OIDCProvider", oidc));
        assertThat(provider.resources().get(0).name()).isEqualTo("token.example.com");
    }

    @Test
    void anAssumedRoleIsItsSessionNameAndAnIssuanceItsRole() throws Exception {
        String role = "arn:aws:iam::" + A + ":role/reader";
        AuditRecord r = records.completed(Call.of(Service.sts, "AssumeRole", "r-6", session(),
                AuditRecords.tls("TLSv1.3", "TLS_AES_128_GCM_SHA256", "sts.example.com"),
                Map.of("roleArn", role, "roleSessionName", "x")), Map.of("credentials",
                Map.of("accessKeyId", "ASIAAAAAAAAANEWKEY01")), Map.of(), null);
        TrailEntry e = read(r);
        assertThat(e.eventSource()).isEqualTo("sts.amazonaws.com");
        assertThat(e.username()).isEqualTo("ci-run");
        assertThat(e.accessKeyId()).isEqualTo("ASIAAAAAAAAAQ2ZC5LMN");
        assertThat(e.region()).isEqualTo("eu-west-1");
        assertThat(e.resources()).containsExactly(new TrailEntry.Resource("AWS::IAM::Role", role));
        assertThat(JSON.readTree(e.record()).path("tlsDetails").path("tlsVersion").asText()).isEqualTo("TLSv1.3");

        TrailEntry who = read(records.completed(Call.of(Service.sts, "GetCallerIdentity", "r-7", session(), null,
                Map.of()), null, Map.of(), null));
        assertThat(who.readOnly()).isTrue();
        assertThat(who.resources()).isEmpty();
    }

    @Test
    void aDeniedCallCarriesItsErrorAndIsNotReadOnlyForAWrite() throws Exception {
        TrailEntry e = read(records.failed(Call.of(Service.iam, "CreateRole", "r-8", alice(), null,
                Map.of("roleName", "evil")), new AwsException(ErrorCode.AccessDenied, "not authorized")));
        assertThat(e.readOnly()).isFalse();
        assertThat(e.username()).isEqualTo("alice");
        assertThat(e.resources()).extracting(TrailEntry.Resource::name).containsExactly("evil");
        JsonNode d = JSON.readTree(e.record());
        assertThat(d.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(d.path("additionalEventData").path("decision").asText()).isEqualTo("Deny");
    }

    @Test
    void aStrangerIsUnderNoAccountAndKnownOnlyByItsKey() throws Exception {
        Call call = new Call(Service.sts, "GetCallerIdentity", "r-9", AuditRecords.unknown("AKIAAAAAAAAANOSUCH01"),
                null, "10.0.0.9", "curl", "us-east-1", null, Map.of());
        TrailEntry e = read(records.failed(call, new AwsException(ErrorCode.InvalidClientTokenId, "invalid")));
        // keyed by the default account's id on the topic, but none of its lookups shows a stranger
        assertThat(JSON.readTree(e.record()).path("recipientAccountId").asText()).isEqualTo(AuditRecords.NO_ACCOUNT);
        assertThat(e.accountId()).isEqualTo(AuditRecordReader.NO_ACCOUNT).isEmpty();
        assertThat(e.actorAccountId()).isNull();
        assertThat(e.username()).isNull();
        assertThat(e.accessKeyId()).isEqualTo("AKIAAAAAAAAANOSUCH01");
        assertThat(JSON.readTree(e.record()).path("userIdentity").path("type").asText()).isEqualTo("Unknown");
    }

    @Test
    void openStsOwnCallersHaveNoNameAndTheirOwnSource() throws Exception {
        Call admin = new Call(Service.opensts, "CreateAccount", "r-10", AuditRecord.UserIdentity.ofType("OpenStsAdmin"),
                "222233334444", "10.0.0.10", "curl", null, null, Map.of("accountId", "222233334444"));
        TrailEntry a = read(records.completed(admin, Map.of("accountId", "222233334444"), Map.of(), null));
        assertThat(a.eventSource()).isEqualTo("opensts.amazonaws.com");
        assertThat(a.accountId()).isEqualTo("222233334444");
        assertThat(a.actorAccountId()).isNull();
        assertThat(a.username()).isNull();
        assertThat(a.accessKeyId()).isNull();
        assertThat(a.region()).isNull();
        assertThat(JSON.readTree(a.record()).path("userIdentity").path("type").asText()).isEqualTo("OpenStsAdmin");

        Call ask = new Call(Service.opensts, "Authorize", "r-11",
                AuditRecord.UserIdentity.ofType("OpenStsResourceService"), A, "10.0.0.11", "svc", null, null,
                Map.of("principalArn", "arn:aws:iam::" + A + ":user/alice", "action", "s3:GetObject"));
        TrailEntry d = read(records.completed(ask, null, Map.of("action", "s3:GetObject"), null));
        assertThat(d.readOnly()).isTrue();
        assertThat(d.eventName()).isEqualTo("Authorize");
        assertThat(d.username()).as("the service asked; the principal asked about is a parameter").isNull();
        assertThat(JSON.readTree(d.record()).path("userIdentity").path("type").asText())
                .isEqualTo("OpenStsResourceService");
    }

    @Test
    void eksAndCloudTrailHaveTheirSources() throws Exception {
        TrailEntry eks = read(records.completed(Call.of(Service.eks, "DescribeCluster", "r-12", session(), null,
                Map.of("clusterName", "prod")), null, Map.of(), null));
        assertThat(eks.eventSource()).isEqualTo("eks.amazonaws.com");
        assertThat(eks.readOnly()).isTrue();
        assertThat(eks.resources()).containsExactly(new TrailEntry.Resource("AWS::EKS::Cluster",
                "arn:aws:eks:eu-west-1:" + A + ":cluster/prod"));
        assertThat(eks.resources().get(0).name()).isEqualTo("prod");

        TrailEntry lookup = read(records.completed(Call.of(Service.cloudtrail, "LookupEvents", "r-13", alice(),
                null, Map.of("maxResults", 5)), null, Map.of(), null));
        assertThat(lookup.eventSource()).isEqualTo("cloudtrail.amazonaws.com");
        assertThat(lookup.readOnly()).isTrue();
        assertThat(lookup.resources()).isEmpty();
    }
}

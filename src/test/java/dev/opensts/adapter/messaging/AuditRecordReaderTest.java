package dev.opensts.adapter.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.trail.TrailEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;

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
}

package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetSessionTokenResponse;
import software.amazon.awssdk.services.sts.model.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.allow;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every AssumeRole and GetSessionToken, granted or denied, is a CloudEvents record on
 * PREFIX.sts.issuance with who asked, from where, what for, what was issued (key id and expiry,
 * never a secret), and which statements decided.
 */
class IssuanceAuditIT {
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static IamClient iam;
    static StsClient root;
    static StsClient dave;
    static KafkaConsumer<String, byte[]> consumer;
    static final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("issuance-audit");
        replica = cluster.startReplica("a");
        iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        iam.createRole(r -> r.roleName("audited").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"TrustAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},"
                + "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]},"
                + "{\"Sid\":\"NoIntruders\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:RoleSessionName\":\"intruder\"}}}]}"));
        // its sessions may assume it again (a chain of one role): the trust policy names the role itself, as AWS wants
        iam.updateAssumeRolePolicy(r -> r.roleName("audited").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"TrustAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + ROOT_ARN + "\",\""
                + roleArn("audited") + "\"]},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]},"
                + "{\"Sid\":\"NoIntruders\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:RoleSessionName\":\"intruder\"}}}]}"));
        iam.putRolePolicy(r -> r.roleName("audited").policyName("chain").policyDocument(allow("\"sts:AssumeRole\"", "*")));
        iam.createUser(r -> r.userName("dave"));
        iam.putUserPolicy(r -> r.userName("dave").policyName("assume").policyDocument(allow("\"sts:AssumeRole\"", "*")));
        AccessKey k = iam.createAccessKey(r -> r.userName("dave")).accessKey();
        dave = Sts.sts(replica, k.accessKeyId(), k.secretAccessKey());
        consumer = Sts.issuanceConsumer(cluster);
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
        cluster.close();
    }

    static JsonNode record(String requestId) throws Exception {
        return Sts.JSON.readTree(Sts.awaitRecord(consumer, seen, requestId).value());
    }

    static void assertNoSecret(String requestId, Credentials c) throws Exception {
        ConsumerRecord<String, byte[]> r = Sts.awaitRecord(consumer, seen, requestId);
        String raw = new String(r.value(), StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain(c.secretAccessKey()).doesNotContain(c.sessionToken());
        // not even a good part of the token
        assertThat(raw).doesNotContain(c.sessionToken().substring(0, 40));
        assertThat(raw).contains(c.accessKeyId());
    }

    @Test
    void aGrantedAssumeRoleIsRecordedWithEverythingButTheSecret() throws Exception {
        Instant before = Instant.now();
        AssumeRoleResponse r = root.assumeRole(b -> b.roleArn(roleArn("audited")).roleSessionName("granted")
                .durationSeconds(900).externalId("ext-1").tags(Tag.builder().key("dept").value("eng").build())
                .sourceIdentity("alice"));
        Instant after = Instant.now();
        String requestId = r.responseMetadata().requestId();
        assertThat(requestId).isNotBlank();
        ConsumerRecord<String, byte[]> rec = Sts.awaitRecord(consumer, seen, requestId);
        assertThat(rec.key()).isEqualTo("000000000000");
        JsonNode e = Sts.JSON.readTree(rec.value());
        assertThat(e.path("specversion").asText()).isEqualTo("1.0");
        assertThat(e.path("type").asText()).isEqualTo("dev.opensts.sts.AssumeRole");
        JsonNode d = e.path("data");
        assertThat(d.path("eventName").asText()).isEqualTo("AssumeRole");
        // read by the service while it answered: between the host clock before the call and after its answer
        assertThat(Instant.parse(d.path("eventTime").asText())).isBetween(before, after);
        assertThat(d.path("requestID").asText()).isEqualTo(requestId);
        assertThat(d.path("eventID").asText()).isEqualTo(e.path("id").asText()).isNotEqualTo(requestId);
        assertThat(e.path("schemaversion").asInt()).isEqualTo(2);
        assertThat(d.path("eventSource").asText()).isEqualTo("sts.amazonaws.com");
        assertThat(d.path("readOnly").asBoolean(true)).isFalse();
        assertThat(d.path("recipientAccountId").asText()).isEqualTo("000000000000");
        assertThat(d.path("resources").toString()).contains(roleArn("audited")).contains("AWS::IAM::Role");
        assertThat(d.path("userIdentity").path("type").asText()).isEqualTo("Root");
        assertThat(d.path("userIdentity").path("arn").asText()).isEqualTo(ROOT_ARN);
        assertThat(d.path("userIdentity").path("accessKeyId").asText()).isEqualTo(cluster.rootAccessKeyId());
        assertThat(d.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(d.path("userAgent").asText()).containsIgnoringCase("aws-sdk-java");
        JsonNode p = d.path("requestParameters");
        assertThat(p.path("roleArn").asText()).isEqualTo(roleArn("audited"));
        assertThat(p.path("roleSessionName").asText()).isEqualTo("granted");
        assertThat(p.path("durationSeconds").asInt()).isEqualTo(900);
        assertThat(p.path("externalId").asText()).isEqualTo("ext-1");
        assertThat(p.path("sourceIdentity").asText()).isEqualTo("alice");
        assertThat(p.path("tags").toString()).contains("dept").contains("eng");
        JsonNode creds = d.path("responseElements").path("credentials");
        assertThat(creds.path("accessKeyId").asText()).isEqualTo(r.credentials().accessKeyId());
        assertThat(Instant.parse(creds.path("expiration").asText())).isEqualTo(r.credentials().expiration());
        assertThat(d.path("responseElements").path("assumedRoleUser").path("arn").asText())
                .isEqualTo(r.assumedRoleUser().arn());
        assertThat(d.path("errorCode").isNull() || d.path("errorCode").isMissingNode()).isTrue();
        assertThat(d.path("additionalEventData").path("decision").asText()).isEqualTo("Allow");
        assertThat(d.path("additionalEventData").path("decidingStatements").toString()).contains("TrustAccount");
        assertNoSecret(requestId, r.credentials());
    }

    @Test
    void aDeniedAssumeRoleIsRecordedWithTheErrorAndTheDecidingStatement() throws Exception {
        AwsServiceException denied = fails("AccessDenied", 403, () -> root.assumeRole(b -> b.roleArn(roleArn("audited"))
                .roleSessionName("intruder")));
        JsonNode d = record(denied.requestId()).path("data");
        assertThat(d.path("eventName").asText()).isEqualTo("AssumeRole");
        assertThat(d.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(d.path("errorMessage").asText()).isEqualTo(dev.opensts.it.Sts.message(denied));
        assertThat(d.path("additionalEventData").path("decision").asText()).isEqualTo("ExplicitDeny");
        assertThat(d.path("additionalEventData").path("decidingStatements").toString()).contains("NoIntruders");
        assertThat(d.path("responseElements").isNull() || d.path("responseElements").isMissingNode()).isTrue();
        assertThat(d.path("requestParameters").path("roleSessionName").asText()).isEqualTo("intruder");

        // a role that does not exist is recorded too, under the role's account
        AwsServiceException ghost = fails("AccessDenied", 403, () -> root.assumeRole(b -> b.roleArn(roleArn("ghost"))
                .roleSessionName("s1")));
        ConsumerRecord<String, byte[]> g = Sts.awaitRecord(consumer, seen, ghost.requestId());
        assertThat(g.key()).isEqualTo("000000000000");
        JsonNode gd = Sts.JSON.readTree(g.value()).path("data");
        assertThat(gd.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(gd.path("additionalEventData").path("decision").asText()).isEqualTo("Deny");
    }

    @Test
    void anAssumeRoleThatFailsValidationIsRecordedToo() throws Exception {
        AwsServiceException invalid = fails("ValidationError", 400, () -> root.assumeRole(b -> b
                .roleArn(roleArn("audited")).roleSessionName("x").tokenCode("123456")));
        JsonNode d = record(invalid.requestId()).path("data");
        assertThat(d.path("eventName").asText()).isEqualTo("AssumeRole");
        assertThat(d.path("errorCode").asText()).isEqualTo("ValidationError");
        assertThat(d.path("additionalEventData").path("decision").asText()).isEqualTo("Deny");
        assertThat(d.path("requestParameters").path("roleSessionName").asText()).isEqualTo("x");
        assertThat(d.path("requestParameters").has("tokenCode")).isFalse();
    }

    @Test
    void aDeniedIamUserIsRecordedAsTheUser() throws Exception {
        iam.createUser(r -> r.userName("nobody"));
        iam.createRole(r -> r.roleName("root-only").assumeRolePolicyDocument(trust("arn:aws:iam::000000000000:user/nobody")));
        AwsServiceException denied = fails("AccessDenied", 403, () -> dave.assumeRole(b -> b.roleArn(roleArn("root-only"))
                .roleSessionName("d1")));
        JsonNode u = record(denied.requestId()).path("data").path("userIdentity");
        assertThat(u.path("type").asText()).isEqualTo("IAMUser");
        assertThat(u.path("userName").asText()).isEqualTo("dave");
        assertThat(u.path("arn").asText()).isEqualTo("arn:aws:iam::000000000000:user/dave");
    }

    @Test
    void aChainedAssumeRoleNamesTheSessionIssuer() throws Exception {
        AssumeRoleResponse first = root.assumeRole(b -> b.roleArn(roleArn("audited")).roleSessionName("hop1")
                .sourceIdentity("src-1"));
        AssumeRoleResponse second = Sts.sts(replica, first.credentials()).assumeRole(b -> b.roleArn(roleArn("audited"))
                .roleSessionName("hop2"));
        JsonNode u = record(second.responseMetadata().requestId()).path("data").path("userIdentity");
        assertThat(u.path("type").asText()).isEqualTo("AssumedRole");
        assertThat(u.path("arn").asText()).isEqualTo(first.assumedRoleUser().arn());
        assertThat(u.path("accessKeyId").asText()).isEqualTo(first.credentials().accessKeyId());
        assertThat(u.path("sessionContext").path("sessionIssuer").path("arn").asText()).isEqualTo(roleArn("audited"));
        assertThat(u.path("sessionContext").path("sourceIdentity").asText()).isEqualTo("src-1");
        assertNoSecret(second.responseMetadata().requestId(), second.credentials());
        // the calling session's secrets are not in it either
        String raw = new String(Sts.awaitRecord(consumer, seen, second.responseMetadata().requestId()).value(),
                StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain(first.credentials().secretAccessKey()).doesNotContain(first.credentials().sessionToken());
    }

    @Test
    void getSessionTokenIsRecordedGrantedAndDenied() throws Exception {
        GetSessionTokenResponse g = dave.getSessionToken(r -> r.durationSeconds(1200));
        JsonNode d = record(g.responseMetadata().requestId()).path("data");
        assertThat(d.path("eventName").asText()).isEqualTo("GetSessionToken");
        assertThat(d.path("requestParameters").path("durationSeconds").asInt()).isEqualTo(1200);
        assertThat(d.path("userIdentity").path("userName").asText()).isEqualTo("dave");
        assertThat(d.path("responseElements").path("credentials").path("accessKeyId").asText())
                .isEqualTo(g.credentials().accessKeyId());
        assertThat(Instant.parse(d.path("responseElements").path("credentials").path("expiration").asText()))
                .isEqualTo(g.credentials().expiration());
        assertNoSecret(g.responseMetadata().requestId(), g.credentials());

        AwsServiceException denied = fails("AccessDenied", 403, () -> Sts.sts(replica, g.credentials()).getSessionToken());
        JsonNode dd = record(denied.requestId()).path("data");
        assertThat(dd.path("eventName").asText()).isEqualTo("GetSessionToken");
        assertThat(dd.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(dd.path("errorMessage").asText()).isEqualTo("Cannot call GetSessionToken with session credentials");
        String raw = new String(Sts.awaitRecord(consumer, seen, denied.requestId()).value(), StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain(g.credentials().secretAccessKey()).doesNotContain(g.credentials().sessionToken());
    }

    @Test
    void aRejectedChainDurationIsRecordedAsAFailedIssuance() throws Exception {
        Credentials c = root.assumeRole(b -> b.roleArn(roleArn("audited")).roleSessionName("c1")).credentials();
        AwsServiceException e = fails("ValidationError", 400, () -> Sts.sts(replica, c).assumeRole(b -> b
                .roleArn(roleArn("audited")).roleSessionName("c2").durationSeconds(3601)));
        JsonNode d = record(e.requestId()).path("data");
        assertThat(d.path("errorCode").asText()).isEqualTo("ValidationError");
        assertThat(d.path("errorMessage").asText()).contains("role chaining");
    }
}

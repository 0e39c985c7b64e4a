package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of action on the audit trail, end to end with the AWS SDK: a scripted sequence (create a role, change
 * its trust policy, attach a policy, assume it, a denied IAM call, GetCallerIdentity, RevokeSessions, a decision,
 * an admin API call, a stranger's request) leaves each expected record on the audit topic, with the right
 * eventName, eventSource, caller, readOnly and errorCode, and no secret anywhere in the topic's bytes.
 */
class AuditTrailIT {
    static final String DECISION_TOKEN = "decision-token-for-audit-trail-it";
    static final String NEW_ACCOUNT = "111122223333";
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static KafkaConsumer<String, byte[]> consumer;
    static final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    /** Every secret the test knows of: none may be in the topic. */
    static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("audit-trail").withEnv("OPENSTS_DECISION_TOKEN", DECISION_TOKEN);
        replica = cluster.startReplica("a");
        consumer = Sts.issuanceConsumer(cluster);
        secrets.add(cluster.rootSecretAccessKey());
        secrets.add(cluster.adminToken());
        secrets.add(DECISION_TOKEN);
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
        cluster.close();
    }

    static JsonNode data(String requestId) throws Exception {
        JsonNode e = Sts.JSON.readTree(Sts.awaitRecord(consumer, seen, requestId).value());
        assertThat(e.path("schemaversion").asInt()).isEqualTo(2);
        assertThat(e.path("id").asText()).isEqualTo(e.path("data").path("eventID").asText());
        return e.path("data");
    }

    /** The first record whose data matches, polling up to 20 s. */
    static JsonNode data(Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : seen) {
                JsonNode d = Sts.JSON.readTree(r.value()).path("data");
                if (match.test(d)) {
                    return d;
                }
            }
            consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
        }
        throw new AssertionError("no such record among " + seen.size());
    }

    static void assertRecord(JsonNode d, String eventName, String source, String callerArn, boolean readOnly,
                             String errorCode) {
        assertThat(d.path("eventName").asText()).as(d.toString()).isEqualTo(eventName);
        assertThat(d.path("eventSource").asText()).as(d.toString()).isEqualTo(source);
        if (callerArn != null) {
            assertThat(d.path("userIdentity").path("arn").asText()).as(d.toString()).isEqualTo(callerArn);
        }
        assertThat(d.path("readOnly").asBoolean()).as("readOnly of %s", d).isEqualTo(readOnly);
        if (errorCode == null) {
            assertThat(d.has("errorCode")).as(d.toString()).isFalse();
        } else {
            assertThat(d.path("errorCode").asText()).as(d.toString()).isEqualTo(errorCode);
        }
        assertThat(d.path("eventVersion").asText()).isEqualTo("1.11");
        assertThat(d.path("managementEvent").asBoolean()).isTrue();
    }

    @Test
    void theRecordsSchemaIsServedAsPublished() throws Exception {
        var http = HttpClient.newHttpClient();
        byte[] published = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("docs/audit-record.schema.json"));
        for (String path : List.of("/opensts/v1/audit/schema", "/opensts/v1/audit/schema/2")) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(replica.endpoint().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("application/schema+json"));
            assertThat(r.body()).as(path).isEqualTo(published);
        }
        HttpResponse<String> v1 = http.send(HttpRequest.newBuilder(replica.endpoint()
                .resolve("/opensts/v1/audit/schema/1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(v1.statusCode()).isEqualTo(404);
    }

    @Test
    void aScriptedSequenceLeavesEveryRecordAndNoSecret() throws Exception {
        IamClient iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(),
                cluster.rootSecretAccessKey()));
        StsClient root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());

        // IAM writes, granted
        var created = iam.createRole(r -> r.roleName("trail").assumeRolePolicyDocument(trust(ROOT_ARN)));
        JsonNode d = data(created.responseMetadata().requestId());
        assertRecord(d, "CreateRole", "iam.amazonaws.com", ROOT_ARN, false, null);
        assertThat(d.path("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(d.path("requestParameters").path("roleName").asText()).isEqualTo("trail");
        assertThat(d.path("responseElements").path("role").path("arn").asText()).isEqualTo(roleArn("trail"));
        assertThat(d.path("resources").toString()).contains(roleArn("trail")).contains("AWS::IAM::Role");
        assertThat(d.path("recipientAccountId").asText()).isEqualTo(Sts.ACCOUNT);

        var trustChanged = iam.updateAssumeRolePolicy(r -> r.roleName("trail").policyDocument(trust(ROOT_ARN,
                "\"sts:AssumeRole\"", null)));
        d = data(trustChanged.responseMetadata().requestId());
        assertRecord(d, "UpdateAssumeRolePolicy", "iam.amazonaws.com", ROOT_ARN, false, null);
        assertThat(d.path("requestParameters").path("policyDocument").asText()).contains("sts:AssumeRole");

        String policyArn = iam.createPolicy(r -> r.policyName("trail-read").policyDocument(
                Sts.allow("\"s3:GetObject\"", "*"))).policy().arn();
        var attached = iam.attachRolePolicy(r -> r.roleName("trail").policyArn(policyArn));
        d = data(attached.responseMetadata().requestId());
        assertRecord(d, "AttachRolePolicy", "iam.amazonaws.com", ROOT_ARN, false, null);
        assertThat(d.path("resources").toString()).contains(policyArn).contains("AWS::IAM::ManagedPolicy");

        // an IAM user with a key and no permissions: its calls are denied
        iam.createUser(r -> r.userName("mallory"));
        AccessKey key = iam.createAccessKey(r -> r.userName("mallory")).accessKey();
        secrets.add(key.secretAccessKey());
        IamClient mallory = Sts.iam(replica, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        String malloryArn = "arn:aws:iam::" + Sts.ACCOUNT + ":user/mallory";
        AwsServiceException denied = fails("AccessDenied", 403, () -> mallory.createRole(r -> r.roleName("evil")
                .assumeRolePolicyDocument(trust(ROOT_ARN))));
        d = data(denied.requestId());
        assertRecord(d, "CreateRole", "iam.amazonaws.com", malloryArn, false, "AccessDenied");
        assertThat(d.path("responseElements").isNull()).isTrue();
        assertThat(d.path("additionalEventData").path("decision").asText()).isEqualTo("Deny");
        assertThat(d.path("userIdentity").path("accessKeyId").asText()).isEqualTo(key.accessKeyId());
        AwsServiceException deniedRead = fails("AccessDenied", 403, mallory::listRoles);
        assertRecord(data(deniedRead.requestId()), "ListRoles", "iam.amazonaws.com", malloryArn, true,
                "AccessDenied");
        AwsServiceException missing = fails("NoSuchEntity", 404, () -> iam.getRole(r -> r.roleName("nobody")));
        assertRecord(data(missing.requestId()), "GetRole", "iam.amazonaws.com", ROOT_ARN, true, "NoSuchEntity");

        // STS: an issuance, and what its session asks
        AssumeRoleResponse assumed = root.assumeRole(r -> r.roleArn(roleArn("trail")).roleSessionName("audit"));
        secrets.add(assumed.credentials().secretAccessKey());
        secrets.add(assumed.credentials().sessionToken());
        d = data(assumed.responseMetadata().requestId());
        assertRecord(d, "AssumeRole", "sts.amazonaws.com", ROOT_ARN, false, null);
        assertThat(d.path("responseElements").path("credentials").path("accessKeyId").asText())
                .isEqualTo(assumed.credentials().accessKeyId());

        var who = Sts.sts(replica, assumed.credentials()).getCallerIdentity();
        d = data(who.responseMetadata().requestId());
        assertRecord(d, "GetCallerIdentity", "sts.amazonaws.com", assumed.assumedRoleUser().arn(), true, null);
        assertThat(d.path("userIdentity").path("type").asText()).isEqualTo("AssumedRole");
        assertThat(d.path("userIdentity").path("sessionContext").path("sessionIssuer").path("arn").asText())
                .isEqualTo(roleArn("trail"));
        assertThat(d.path("responseElements").isNull()).isTrue();

        // RevokeSessions: its revocation id in additionalEventData
        var params = Sts.params("Action", "RevokeSessions", "Version", "2011-06-15", "RoleArn", roleArn("trail"));
        HttpResponse<String> revoked = Sts.signedPost(replica, new SigningCredentials(cluster.rootAccessKeyId(),
                cluster.rootSecretAccessKey(), null), params, Instant.now(), null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        Matcher id = Pattern.compile("<RevocationId>([^<]+)</RevocationId>").matcher(revoked.body());
        assertThat(id.find()).isTrue();
        d = data(revoked.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertRecord(d, "RevokeSessions", "sts.amazonaws.com", ROOT_ARN, false, null);
        assertThat(d.path("additionalEventData").path("revocationId").asText()).isEqualTo(id.group(1));

        // the decision endpoint: a resource service asks about mallory's request
        ObjectNode ask = DecisionEndpointIT.forward(DecisionEndpointIT.get(AwsCredentialsIdentity.create(
                key.accessKeyId(), key.secretAccessKey()), "/photos/a.jpg"), new byte[0], false, "s3:GetObject",
                "arn:aws:s3:::photos/a.jpg");
        HttpResponse<String> verdict = HttpClient.newHttpClient().send(HttpRequest.newBuilder(replica.endpoint()
                        .resolve("/opensts/v1/authorize")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + DECISION_TOKEN).POST(HttpRequest.BodyPublishers.ofString(
                        ask.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(verdict.statusCode()).as(verdict.body()).isEqualTo(200);
        assertThat(verdict.body()).contains("\"Deny\"");
        d = data(r -> r.path("eventName").asText().equals("Authorize"));
        assertRecord(d, "Authorize", "opensts.amazonaws.com", null, true, null);
        assertThat(d.path("userIdentity").path("type").asText()).isEqualTo("OpenStsResourceService");
        assertThat(d.path("additionalEventData").path("principalArn").asText()).isEqualTo(malloryArn);
        assertThat(d.path("additionalEventData").path("action").asText()).isEqualTo("s3:GetObject");
        assertThat(d.path("additionalEventData").path("resource").asText()).isEqualTo("arn:aws:s3:::photos/a.jpg");
        assertThat(d.path("additionalEventData").path("decision").asText()).isEqualTo("Deny");
        assertThat(d.path("requestParameters").path("principalArn").asText()).isEqualTo(malloryArn);

        // the admin API: a new account, whose root secret is shown once, to the operator only
        JsonNode account = Sts.createAccount(cluster, replica, NEW_ACCOUNT);
        secrets.add(account.path("rootSecretAccessKey").asText());
        d = data(r -> r.path("eventName").asText().equals("CreateAccount"));
        assertRecord(d, "CreateAccount", "opensts.amazonaws.com", null, false, null);
        assertThat(d.path("userIdentity").path("type").asText()).isEqualTo("OpenStsAdmin");
        assertThat(d.path("recipientAccountId").asText()).isEqualTo(NEW_ACCOUNT);
        assertThat(d.path("responseElements").path("rootAccessKeyId").asText())
                .isEqualTo(account.path("rootAccessKeyId").asText());

        // a stranger: an access key nobody has
        AwsServiceException stranger = fails("InvalidClientTokenId", 403, () -> Sts.sts(replica,
                "AKIAAAAAAAAASTRANGER", "s".repeat(40)).getCallerIdentity());
        d = data(stranger.requestId());
        assertRecord(d, "GetCallerIdentity", "sts.amazonaws.com", null, true, "InvalidClientTokenId");
        assertThat(d.path("userIdentity").path("type").asText()).isEqualTo("Unknown");
        assertThat(d.path("userIdentity").path("accessKeyId").asText()).isEqualTo("AKIAAAAAAAAASTRANGER");
        assertThat(d.path("recipientAccountId").asText()).isEqualTo("000000000000");

        // no secret, token or bearer token anywhere in the topic's bytes
        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
        assertThat(seen).hasSizeGreaterThanOrEqualTo(14);
        for (ConsumerRecord<String, byte[]> r : seen) {
            String raw = new String(r.value(), StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(raw).as("record %s", r.offset()).doesNotContain(secret);
            }
            assertThat(raw).doesNotContain(assumed.credentials().sessionToken().substring(0, 40));
        }
    }
}

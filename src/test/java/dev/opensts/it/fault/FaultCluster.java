package dev.opensts.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.testinfra.OpenStsProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

import static org.assertj.core.api.Assertions.assertThat;

/** What every fault case checks once the fault is over. */
final class FaultCluster {
    static final String ACCOUNT = "000000000000";
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FaultCluster() {
    }

    /** An IAM client of the cluster's root on this replica (the project's own SDK client, Sts.iam). */
    static IamClient iam(OpenStsProcess replica, dev.opensts.testinfra.OpenStsCluster cluster) {
        return dev.opensts.it.Sts.iam(replica, software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
    }

    static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    /**
     * Every CreateRole the load saw acknowledged exists, with the id it was answered; every one it did not see
     * answered exists whole (its trust policy) or not at all. Answers how many unanswered ones exist.
     */
    static int everyAcknowledgedWriteIsThere(IamClient iam, List<FaultLoad.Outcome> outcomes) {
        int unansweredPresent = 0;
        for (FaultLoad.Outcome o : outcomes) {
            if (!o.action().equals("CreateRole")) {
                continue;
            }
            if (o.ok()) {
                var role = iam.getRole(r -> r.roleName(o.subject())).role();
                assertThat(role.roleId()).as(o.subject()).isEqualTo(o.detail());
            } else {
                try {
                    var role = iam.getRole(r -> r.roleName(o.subject())).role();
                    assertThat(java.net.URLDecoder.decode(role.assumeRolePolicyDocument(),
                            java.nio.charset.StandardCharsets.UTF_8)).as(o.subject()).isEqualTo(TRUST);
                    unansweredPresent++;
                } catch (NoSuchEntityException absent) {
                    // never applied: fine
                }
            }
        }
        return unansweredPresent;
    }

    /** Every failed call was answered with a retryable 503 or got no answer at all: never another 5xx or a 4xx. */
    static void failuresWereRetryable(List<FaultLoad.Outcome> outcomes) {
        for (FaultLoad.Outcome o : outcomes) {
            if (!o.ok()) {
                assertThat(o.status()).as(o.toString()).isIn(0, 503);
                if (o.status() == 503) {
                    assertThat(o.code()).as(o.toString()).isEqualTo("ServiceUnavailable");
                }
            }
        }
    }

    /** The access key ids of every granted issuance on the audit topic. */
    static Set<String> issuedKeysOnTheAuditTopic(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        Set<String> keys = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode key = JSON.readTree(r.value()).path("data").path("responseElements").path("credentials")
                            .path("accessKeyId");
                    if (key.isTextual()) {
                        keys.add(key.asText());
                    }
                }
            }
        }
        return keys;
    }

    /** The replica's consistency check (docs/operations.md): its report. */
    static JsonNode consistencyCheck(OpenStsProcess replica, String adminToken) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint()
                        .resolve("/opensts/admin/consistency-check")).header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static void consistent(OpenStsProcess replica, String adminToken) throws Exception {
        JsonNode report = consistencyCheck(replica, adminToken);
        assertThat(report.path("consistent").asBoolean()).as(replica.name() + ": " + report).isTrue();
    }
}

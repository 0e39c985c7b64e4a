package dev.opensts.it.fault;

import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 4 (issue 18): every record of the IAM and revocation topics delivered a second time (a producer retry
 * gone wrong, a replayed backup, a mirror), while the projectors' consumer group rebalances (a third replica joins
 * and leaves). No event is applied twice (the version rule), the states the replicas answer do not change, the
 * read model records each copy once and applies none of them, and both replicas are consistent.
 */
class DuplicateDeliveryFaultIT {
    static OpenStsCluster cluster;
    static OpenStsProcess a;
    static OpenStsProcess b;

    @BeforeAll
    static void start() throws Exception {
        cluster = OpenStsCluster.create("duplicates");
        a = cluster.startReplica("dup-a");
        b = cluster.startReplica("dup-b");
        IamClient iam = FaultCluster.iam(a, cluster);
        for (int i = 0; i < 10; i++) {
            String name = "r" + i;
            iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(FaultCluster.TRUST));
            iam.putRolePolicy(r -> r.roleName(name).policyName("p").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                            + "\"Resource\":\"*\"}]}"));
            iam.tagRole(r -> r.roleName(name).tags(t -> t.key("n").value(name)));
        }
        iam.deleteRolePolicy(r -> r.roleName("r0").policyName("p"));
        iam.deleteRole(r -> r.roleName("r0"));
        iam.createRole(r -> r.roleName("r0").assumeRolePolicyDocument(FaultCluster.TRUST)); // a new life
        var revoked = dev.opensts.it.RevocationProbe.revoke(a, new SigningCredentials(cluster.rootAccessKeyId(),
                cluster.rootSecretAccessKey(), null), FaultCluster.roleArn("r1"));
        assertThat(revoked).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }


    /** What a replica answers about every role: the states a duplicate must not change. */
    static Map<String, String> roles(OpenStsProcess replica) {
        IamClient iam = FaultCluster.iam(replica, cluster);
        Map<String, String> out = new TreeMap<>();
        for (var role : iam.listRoles().roles()) {
            out.put(role.roleName(), role.roleId() + " " + iam.listRolePolicies(r -> r.roleName(role.roleName()))
                    .policyNames() + " " + iam.listRoleTags(r -> r.roleName(role.roleName())).tags());
        }
        return out;
    }

    @Test
    void everyRecordDeliveredTwiceDuringARebalanceChangesNothing() throws Exception {
        Map<String, String> before = roles(a);
        assertThat(before).hasSize(10);
        assertThat(roles(b)).isEqualTo(before);
        String iamTopic = cluster.topicPrefix() + ".iam.events";
        String revocationTopic = cluster.topicPrefix() + ".sts.revocations";
        long originals = count(iamTopic);

        OpenStsProcess c = cluster.startReplica("dup-c"); // the projectors' group rebalances
        int copied = redeliver(iamTopic) + redeliver(revocationTopic);
        assertThat(copied).isGreaterThan(30);
        c.stop(); // and again

        // the copies reach both views and the read model, and change nothing
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(eventRows()).isEqualTo(2 * originals));
        assertThat(roles(a)).isEqualTo(before);
        assertThat(roles(b)).isEqualTo(before);
        try (Connection db = cluster.infra().postgres().connect(cluster.database()); var st = db.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM iam_events WHERE applied")) {
            rs.next();
            assertThat(rs.getLong(1)).as("applied once each").isEqualTo(originals);
        }
        FaultCluster.consistent(a, cluster.adminToken());
        FaultCluster.consistent(b, cluster.adminToken());
    }

    static long eventRows() throws Exception {
        try (Connection db = cluster.infra().postgres().connect(cluster.database()); var st = db.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM iam_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long count(String topic) {
        try (var consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer, topic);
            long n = 0;
            var begin = consumer.beginningOffsets(parts);
            for (var e : consumer.endOffsets(parts).entrySet()) {
                n += e.getValue() - begin.get(e.getKey());
            }
            return n;
        }
    }

    /** Every record of the topic, sent again with its key and value to its partition; answers how many. */
    static int redeliver(String topic) throws Exception {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (var consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer, topic);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
        }
        Properties p = cluster.infra().kafkaClientProperties();
        p.put("acks", "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> r : all) {
                producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), r.value())).get();
            }
        }
        return all.size();
    }

    static KafkaConsumer<String, byte[]> consumer() {
        Properties p = cluster.infra().kafkaClientProperties();
        p.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
    }
}

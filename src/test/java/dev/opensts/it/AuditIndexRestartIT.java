package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.launcher.Postgres;
import dev.opensts.testinfra.DedicatedKafka;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import dev.opensts.testinfra.TcpProxy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sts.StsClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The indexer survives the outages of its database and of its broker, and its own crash, without losing or
 * duplicating a record: after each, the rows in PostgreSQL are exactly the records on the audit topic (same event
 * ids, each once). PostgreSQL is cut for this replica alone by a TCP relay; the broker is one of the test's own,
 * stopped and started again on its data; the replica is killed (SIGKILL) and started again.
 */
class AuditIndexRestartIT {
    static OpenStsCluster cluster;
    static Path kafkaDir;
    static DedicatedKafka kafka;
    static TcpProxy pg;
    static OpenStsProcess replica;

    @BeforeAll
    static void start() throws Exception {
        cluster = OpenStsCluster.create("audit-restart");
        kafkaDir = Files.createTempDirectory("opensts-audit-restart-kafka");
        kafka = DedicatedKafka.persistent(kafkaDir);
        Postgres postgres = cluster.infra().postgres();
        pg = new TcpProxy(postgres.host(), postgres.port()).start();
        Map<String, String> env = cluster.env();
        env.put("OPENSTS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("OPENSTS_PG_URL", "postgresql://127.0.0.1:" + pg.port() + "/" + cluster.database());
        replica = new OpenStsProcess("audit-restart-a", env).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (replica != null) {
            replica.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (pg != null) {
            pg.stop();
        }
        cluster.close();
        if (kafkaDir != null) {
            try (var files = Files.walk(kafkaDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static StsClient sts() {
        return Sts.sts(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
    }

    static void issue(int n) {
        StsClient client = sts();
        for (int i = 0; i < n; i++) {
            assertThat(client.getSessionToken().credentials()).isNotNull();
        }
    }

    @Test
    void nothingLostNothingDuplicatedThroughOutagesAndACrash() throws Exception {
        issue(10);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(indexed()).hasSize(10));

        // PostgreSQL gone for the replica: issuance goes on (it needs no database), the indexer retries
        pg.stop();
        issue(10);
        assertThat(topic()).hasSize(20);
        pg.start();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(indexed()).hasSize(20));

        // the broker stopped and started again on its data
        kafka.stop();
        kafka = kafka.restart();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> sts().getSessionToken().credentials() != null);
        issue(10);

        // the replica crashes while there may be records it has read and not stored, and starts again
        replica.kill();
        replica.start();
        issue(10);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            List<String> onTopic = topic();
            List<String> inIndex = indexed();
            assertThat(onTopic.size()).isGreaterThanOrEqualTo(41);
            assertThat(inIndex).doesNotHaveDuplicates().hasSameSizeAs(onTopic);
            assertThat(new HashSet<>(inIndex)).isEqualTo(new HashSet<>(onTopic));
        });
        assertThat(topic()).as("one record per request").doesNotHaveDuplicates();
    }

    /** The event ids of the index's rows, one per row. */
    static List<String> indexed() throws Exception {
        var ids = new ArrayList<String>();
        try (Connection c = cluster.infra().postgres().connect(cluster.database());
             ResultSet rs = c.createStatement().executeQuery("SELECT event_id FROM audit_events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The ids of every record on the audit topic, read to its end. */
    static List<String> topic() throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String topic = cluster.topicPrefix() + ".sts.issuance";
        var ids = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Set<TopicPartition> done = new HashSet<>();
            while (done.size() < partitions.size()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode n = Sts.JSON.readTree(r.value());
                    ids.add(n.path("id").asText());
                }
                for (TopicPartition tp : partitions) {
                    if (consumer.position(tp) >= end.get(tp)) {
                        done.add(tp);
                    }
                }
            }
        }
        return ids;
    }
}

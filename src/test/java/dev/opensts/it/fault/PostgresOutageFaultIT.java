package dev.opensts.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.testinfra.DedicatedPostgres;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 3 (issue 18): PostgreSQL stopped for 30 s under load. The replica keeps serving (issuance from its view,
 * IAM writes through Kafka: not one call fails), stays ready while readiness reports the failing projector, and
 * once the database is back the projector catches up from its stored offsets: every IAM record is in the read
 * model exactly once and the replica is consistent. The database is one of the test's own.
 */
class PostgresOutageFaultIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String DATABASE = "fault";
    static OpenStsCluster cluster;
    static DedicatedPostgres pg;
    static OpenStsProcess replica;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("pg-outage").withEnv("OPENSTS_QUOTAS_ROLES_PER_ACCOUNT", "1000000");
        pg = DedicatedPostgres.start();
        pg.postgres().createDatabase(DATABASE);
        Map<String, String> env = cluster.env();
        env.put("OPENSTS_PG_URL", pg.reactiveUrl(DATABASE));
        env.put("OPENSTS_PG_USER", pg.user());
        env.put("OPENSTS_PG_PASSWORD", pg.password());
        replica = new OpenStsProcess("pg-outage-a", env).start();
        FaultCluster.iam(replica, cluster).createRole(r -> r.roleName("target").assumeRolePolicyDocument(FaultCluster.TRUST));
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (pg != null) {
            pg.close();
        }
        cluster.close();
    }


    static HttpResponse<String> ready() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint().resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String readModel() throws Exception {
        JsonNode health = FaultCluster.JSON.readTree(ready().body());
        for (JsonNode check : health.path("checks")) {
            if (check.path("data").has("readModel")) {
                return check.path("data").path("readModel").asText();
            }
        }
        return "";
    }

    @Test
    void theReplicaServesThroughADatabaseOutageAndTheProjectorCatchesUp() throws Exception {
        FaultLoad load = new FaultLoad(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(),
                FaultCluster.roleArn("target"), "p").start(3);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.succeeded("CreateRole") >= 10
                && load.succeeded("AssumeRole") >= 10);

        pg.halt();
        long writes = load.succeeded("CreateRole");
        long issued = load.succeeded("AssumeRole");
        await().atMost(Duration.ofSeconds(60)).until(() -> readModel().startsWith("failing"));
        assertThat(ready().statusCode()).as("still ready: " + ready().body()).isEqualTo(200);
        // 30 s without the database, serving all along
        await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(60)).until(() -> true);
        assertThat(load.succeeded("CreateRole")).isGreaterThan(writes + 10);
        assertThat(load.succeeded("AssumeRole")).isGreaterThan(issued + 10);
        assertThat(ready().statusCode()).isEqualTo(200);

        pg.resume();
        await().atMost(Duration.ofSeconds(120)).until(() -> readModel().equals("projecting"));
        List<FaultLoad.Outcome> outcomes = load.stop();

        assertThat(outcomes).filteredOn(o -> !o.ok()).as("no call failed").isEmpty();
        FaultCluster.everyAcknowledgedWriteIsThere(FaultCluster.iam(replica, cluster), outcomes);
        // every record of the IAM topic in the read model exactly once (its key is the record's place on the topic)
        long onTopic = records(cluster.topicPrefix() + ".iam.events");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(eventRows()).isEqualTo(onTopic));
        FaultCluster.consistent(replica, cluster.adminToken());
    }

    static long eventRows() throws Exception {
        try (Connection db = pg.postgres().connect(DATABASE); var st = db.createStatement();
             var rs = st.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM iam_events")) {
            rs.next();
            assertThat(rs.getLong(2)).as("no event twice").isEqualTo(rs.getLong(1));
            return rs.getLong(1);
        }
    }

    static long records(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.infra().kafkaBootstrap());
        p.put("isolation.level", "read_committed");
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            long n = 0;
            var begin = consumer.beginningOffsets(parts);
            for (var e : consumer.endOffsets(parts).entrySet()) {
                n += e.getValue() - begin.get(e.getKey());
            }
            return n;
        }
    }
}

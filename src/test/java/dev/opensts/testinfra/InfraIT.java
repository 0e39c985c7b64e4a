package dev.opensts.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opensts.launcher.Postgres;
import dev.opensts.launcher.RandomSecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Smoke test of the shared test infrastructure: Kafka round trip, PostgreSQL query, fresh database. */
class InfraIT {

    @Test
    void kafkaTopicProduceConsume() throws Exception {
        Infra infra = Infra.get();
        String topic = "infra-it-" + UUID.randomUUID();
        try (Admin admin = infra.kafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
            assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions()).hasSize(3);
        }

        Properties pp = infra.kafkaClientProperties();
        pp.put("acks", "all");
        pp.put("enable.idempotence", "true");
        RecordMetadata sent;
        try (var producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(topic, "key-1", "hello open-sts")).get(30, TimeUnit.SECONDS);
        }
        assertThat(sent.offset()).isZero();

        Properties cp = infra.kafkaClientProperties();
        cp.put("group.id", "infra-it-" + UUID.randomUUID());
        cp.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            consumer.commitSync(Duration.ofSeconds(30));
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0).key()).isEqualTo("key-1");
        assertThat(received.get(0).value()).isEqualTo("hello open-sts");
        assertThat(received.get(0).partition()).isEqualTo(sent.partition());
    }

    @Test
    void autoCreateTopicsIsDisabled() throws Exception {
        Infra infra = Infra.get();
        if (!infra.kind().startsWith("local")) {
            return;
        }
        try (Admin admin = infra.kafkaAdmin()) {
            var config = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            assertThat(config).hasSize(1);
            var brokerConfig = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.BROKER,
                    Integer.toString(config.iterator().next().id())))).all().get(30, TimeUnit.SECONDS);
            var c = brokerConfig.values().iterator().next();
            assertThat(c.get("auto.create.topics.enable").value()).isEqualTo("false");
            assertThat(c.get("num.partitions").value()).isEqualTo("3");
        }
    }

    @Test
    void localKafkaListensOnLoopbackOnly() throws Exception {
        Infra infra = Infra.get();
        if (!infra.kind().startsWith("local")) {
            return;
        }
        try (Admin admin = infra.kafkaAdmin()) {
            var node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next();
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.BROKER, Integer.toString(node.id()));
            var c = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            List<String> listeners = List.of(c.get("listeners").value().split(","));
            // the client listener and the KRaft controller's
            assertThat(listeners).hasSize(2).allMatch(l -> l.matches("[A-Z]+://127\\.0\\.0\\.1:\\d+"), "on 127.0.0.1");
            assertThat(c.get("advertised.listeners").value()).matches("PLAINTEXT://127\\.0\\.0\\.1:\\d+");
            for (String l : listeners) {
                int port = Integer.parseInt(l.substring(l.lastIndexOf(':') + 1));
                ListeningSockets.addresses(port).ifPresent(a -> assertThat(a).as("listening addresses of port %d", port)
                        .containsExactly(ListeningSockets.LOOPBACK_V4));
            }
        }
    }

    @Test
    void localPostgresRefusesAWrongPassword() throws Exception {
        Postgres pg = Infra.get().postgres();
        if (!Infra.get().kind().startsWith("local")) {
            return;
        }
        assertThat(pg.password()).hasSize(40).isNotEqualTo("postgres");
        try (var c = pg.connect("postgres"); var rs = c.createStatement().executeQuery(
                "SELECT DISTINCT auth_method FROM pg_hba_file_rules")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("scram-sha-256");
            assertThat(rs.next()).isFalse();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.sql.DriverManager.getConnection(
                pg.jdbcUrl("postgres"), pg.user(), "postgres").close())
                .isInstanceOfSatisfying(java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void postgresSelectOneAndFreshDatabase() throws Exception {
        Postgres pg = Infra.get().postgres();
        try (var c = pg.connect("postgres"); var rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }

        String db = "infra_it_" + RandomSecrets.lowercase(6);
        pg.createDatabase(db);
        pg.createDatabase(db); // idempotent
        try (var c = pg.connect(db); var st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int primary key, v text)");
            st.execute("INSERT INTO t VALUES (1, 'x')");
            try (var rs = st.executeQuery("SELECT current_database(), v FROM t WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(db);
                assertThat(rs.getString(2)).isEqualTo("x");
            }
        }
        assertThat(pg.reactiveUrl(db)).isEqualTo("postgresql://" + pg.host() + ":" + pg.port() + "/" + db);
    }

    @Test
    void clusterEnvironmentIsComplete() {
        try (OpenStsCluster cluster = OpenStsCluster.create("infra-it")) {
            Map<String, String> env = cluster.env();
            assertThat(env).containsKeys("OPENSTS_HTTP_HOST", "OPENSTS_KAFKA_BOOTSTRAP", "OPENSTS_PG_URL",
                    "OPENSTS_PG_USER", "OPENSTS_PG_PASSWORD", "OPENSTS_TOPIC_PREFIX", "OPENSTS_ROOT_ACCESS_KEY_ID",
                    "OPENSTS_ROOT_SECRET_ACCESS_KEY", "OPENSTS_ADMIN_TOKEN", "OPENSTS_KEYRING");
            assertThat(env.get("OPENSTS_ROOT_ACCESS_KEY_ID")).matches("AKIA[A-Z2-7]{16}");
            assertThat(env.get("OPENSTS_ROOT_SECRET_ACCESS_KEY")).hasSize(40);
            assertThat(env.get("OPENSTS_KEYRING")).matches("k1=[A-Za-z0-9+/]{43}=");
            assertThat(java.util.Base64.getDecoder().decode(env.get("OPENSTS_KEYRING").substring(3))).hasSize(32);
            assertThat(cluster.rotateKeyring()).startsWith("k2=").contains(",k1=");
            assertThat(env.get("OPENSTS_PG_URL")).endsWith("/" + cluster.database());
            try (var c = cluster.infra().postgres().connect(cluster.database());
                    var rs = c.createStatement().executeQuery("SELECT current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(cluster.database());
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        }
    }
}

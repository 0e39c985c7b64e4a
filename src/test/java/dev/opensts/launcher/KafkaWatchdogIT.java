package dev.opensts.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The local run's watch over Kafka (what deploy/local/fault-full-disk.sh relies on after a full disk): a broker
 * that dies by itself is reported and started again on its data, a start that fails is retried, and a record
 * acknowledged before the death is still there after. A real broker, killed with SIGKILL; its port held by another
 * socket for a while, so the first starts fail.
 */
class KafkaWatchdogIT {

    @Test
    void aBrokerThatDiesIsStartedAgainOnItsDataAndAFailedStartIsRetried() throws Exception {
        Path logs = Path.of(System.getProperty("opensts.it.logs", "target/it-logs"));
        Files.createDirectories(logs);
        KafkaBroker broker = KafkaBroker.startTemporary(logs);
        AtomicBoolean stopping = new AtomicBoolean();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        Thread watchdog = new Thread(new KafkaWatchdog(() -> broker, stopping::get, logs, out,
                Duration.ofMillis(200), Duration.ofMillis(800)), "test-kafka-watchdog");
        try {
            String topic = "watchdog-" + System.nanoTime();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (var producer = producer(broker)) {
                producer.send(new ProducerRecord<>(topic, "k", "before the death")).get(30, TimeUnit.SECONDS);
            }
            ProcessHandle dead = broker.processHandle().orElseThrow();
            dead.destroyForcibly();
            dead.onExit().get(30, TimeUnit.SECONDS);
            // the broker's port taken before the watchdog starts: its first starts fail until the port is free
            ServerSocket holder = new ServerSocket(broker.port(), 50, InetAddress.getLoopbackAddress());
            try {
                watchdog.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> text(said).contains("Kafka did not start again"));
            } finally {
                holder.close();
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> text(said).contains("Kafka is running again"));

            String report = text(said);
            assertThat(report).contains("open-sts: Kafka exited by itself (status 137; " + broker.logFile())
                    .contains("MB free in " + logs)
                    .contains("is already in use");
            assertThat(report.indexOf("exited by itself")).isLessThan(report.indexOf("did not start again"));
            assertThat(report.lines().filter(l -> l.contains("exited by itself")).count()).isOne();
            assertThat(broker.unexpectedExit()).isEmpty();
            assertThat(broker.processHandle().orElseThrow().pid()).isNotEqualTo(dead.pid());
            try (var producer = producer(broker)) {
                producer.send(new ProducerRecord<>(topic, "k", "after")).get(30, TimeUnit.SECONDS);
            }
            assertThat(read(broker, topic)).containsExactly("before the death", "after");
        } finally {
            stopping.set(true);
            watchdog.interrupt();
            watchdog.join(10_000);
            broker.stop();
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
                new StringSerializer(), new StringSerializer());
    }

    private static List<String> read(KafkaBroker broker, String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}

package dev.opensts.bench;

import dev.opensts.adapter.kafka.EventCodec;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.RoleEvent.RoleCreated;
import dev.opensts.iam.RoleEvent.RolePolicyPut;
import dev.opensts.iam.Tag;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How long a fresh replica takes from JVM start to ready with many roles, and the heap its view holds.
 *
 * <p>It starts Kafka, PostgreSQL and one replica ("writer", on the empty deployment: its start is the baseline),
 * appends {@code roles} RoleCreated and as many RolePolicyPut events to the IAM event topic with the product's
 * {@link EventCodec} (the records the service itself writes: CloudEvents envelopes keyed by stream id, from an
 * idempotent acks=all producer), waits until the writer's projector has written them all to PostgreSQL, stops
 * the writer, then starts a fresh replica {@code runs} times and measures, from just before the JVM is spawned,
 * until {@code /q/health/ready} on the management port answers 200 (polled every 10 ms). After the last run it
 * reads the live heap ({@code jcmd PID GC.class_histogram}, which collects first) of that replica and of a
 * replica started on an empty deployment.
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * deploy/local/startup-bench.sh [roles] [runs]          # or: java -cp ... dev.opensts.bench.ReplicaStartup
 * </pre>
 *
 * The roles are spread over {@code roles / 1000} accounts (1,000 roles each, IAM's default quota); each has a
 * trust policy of three statements with conditions (the AssumeRole benchmark's) and one inline permission
 * policy of about 600 bytes naming the role's own bucket, so that no two documents are equal. JVM options of the
 * replica: {@code -Dopensts.bench.jvm="..."} (default {@code -XX:+UseParallelGC}, as deploy/local/run.sh);
 * {@code -Dopensts.bench.aot=true} also trains a JDK AOT cache on the deployment and repeats every measured run
 * with it (JDK 25 or newer).
 */
public final class ReplicaStartup {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final int ROLES_PER_ACCOUNT = 1000;

    public static void main(String[] args) throws Exception {
        int roles = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> jvm = Arrays.asList(System.getProperty("opensts.bench.jvm", "-XX:+UseParallelGC").trim()
                .split("\\s+"));
        try (OpenStsCluster empty = OpenStsCluster.create("startup-empty");
             OpenStsCluster cluster = OpenStsCluster.create("startup")) {
            OpenStsProcess writer = cluster.startReplica("writer");
            long t0 = System.nanoTime();
            Map<Integer, Long> end = append(cluster, roles);
            System.out.printf("appended %,d events (%,d roles, %,d inline policies) in %.1f s%n", 2L * roles, roles,
                    roles, (System.nanoTime() - t0) / 1e9);
            awaitProjected(cluster, end, t0);
            writer.stop();
            printTableSizes(cluster);

            Result baseline = null;
            for (int i = 0; i < Math.max(1, runs / 2); i++) {
                baseline = startOnce(empty, "empty-" + i, jvm, i == Math.max(1, runs / 2) - 1);
                System.out.println("empty deployment: " + baseline);
            }
            List<String> aot = null;
            if (Boolean.getBoolean("opensts.bench.aot")) {
                // a JDK AOT cache (JEP 483/514, JDK 25): one training run on this deployment writes it at exit,
                // then every measured run is repeated with it, alternating, so both figures share the machine's mood
                Path cache = Path.of("target/startup-bench.aot").toAbsolutePath();
                Files.deleteIfExists(cache);
                var training = new ArrayList<>(jvm);
                training.add("-XX:AOTCacheOutput=" + cache);
                System.out.println("AOT training run: " + startOnce(cluster, "aot-training", training, false));
                if (!Files.exists(cache)) {
                    throw new IllegalStateException("the training run wrote no AOT cache at " + cache);
                }
                aot = new ArrayList<>(jvm);
                aot.add("-XX:AOTCache=" + cache);
            }
            Result last = null;
            for (int i = 0; i < runs; i++) {
                last = startOnce(cluster, "reader-" + i, jvm, i == runs - 1);
                System.out.println(roles + " roles: " + last);
                if (aot != null) {
                    System.out.println(roles + " roles, AOT cache: " + startOnce(cluster, "reader-aot-" + i, aot, false));
                }
            }
            System.out.printf("%nheap after GC: %.1f MB with %,d roles + %,d inline policies, %.1f MB empty: "
                            + "%.1f MB for them, %d bytes per role%n", last.heapBytes / 1e6, roles, roles,
                    baseline.heapBytes / 1e6, (last.heapBytes - baseline.heapBytes) / 1e6,
                    (last.heapBytes - baseline.heapBytes) / Math.max(1, roles));
            System.out.println("largest classes with the roles loaded:");
            last.histogramTop.forEach(line -> System.out.println("  " + line));
            if (Boolean.getBoolean("opensts.bench.hold")) {
                hold(cluster);
            }
        }
        System.exit(0);
    }

    /**
     * For profiling by hand: writes the deployment's environment to target/startup-bench.env (mode 600: it holds
     * the deployment's secrets) and keeps Kafka and PostgreSQL up until that file is deleted.
     */
    static void hold(OpenStsCluster cluster) throws Exception {
        Path file = Path.of("target/startup-bench.env");
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        var text = new StringBuilder();
        cluster.env().forEach((k, v) -> text.append("export ").append(k).append("='").append(v).append("'\n"));
        Files.writeString(file, text);
        System.out.println("holding Kafka and PostgreSQL up; the environment of a replica is in " + file
                + "; delete it to stop");
        while (Files.exists(file)) {
            Thread.sleep(1000);
        }
    }

    record Result(long readyMillis, long heapBytes, List<String> histogramTop, List<String> logLines) {
        @Override
        public String toString() {
            return "ready " + readyMillis + " ms after JVM spawn" + (heapBytes > 0 ? String.format(
                    ", live heap %.1f MB", heapBytes / 1e6) : "") + "; " + String.join(" | ", logLines);
        }
    }

    /** The two event types of a role with one inline policy, appended the way KafkaEventLog does. */
    static Map<Integer, Long> append(OpenStsCluster cluster, int roles) throws Exception {
        var codec = new EventCodec();
        String topic = cluster.topicPrefix() + ".iam.events";
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.infra().kafkaBootstrap());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        Instant now = Instant.now();
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < roles; i++) {
                String account = String.format("%012d", 100_000_000_000L + i / ROLES_PER_ACCOUNT);
                String name = "app-" + i + "-deployer";
                var created = new RoleCreated(account, name, "AROA" + String.format("%017X", 0x5EED0000000L + i),
                        "/service/", LoadGenerator.BENCH_TRUST.replace("000000000000", account),
                        "deploys app " + i, 3600, List.of(new Tag("team", "team-" + (i % 50))), now, null,
                        new TreeMap<>());
                var put = new RolePolicyPut(account, name, "deploy", inlinePolicy(account, i));
                send(producer, codec, topic, created, 0, now, failed);
                send(producer, codec, topic, put, 1, now, failed);
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.infra().kafkaBootstrap()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            var query = new HashMap<TopicPartition, OffsetSpec>();
            partitions.forEach(pi -> query.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
            var end = new TreeMap<Integer, Long>();
            admin.listOffsets(query).all().get().forEach((tp, o) -> end.put(tp.partition(), o.offset()));
            return end;
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, EventCodec codec, String topic, IamEvent event,
                             long expectedVersion, Instant time, AtomicReference<Exception> failed) {
        var envelope = new EventEnvelope<>(UUID.randomUUID().toString(), event.streamId(), expectedVersion, time,
                "/opensts/startup-bench", null, event);
        producer.send(new ProducerRecord<>(topic, envelope.streamId(), codec.encode(envelope)), (md, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        });
    }

    static String inlinePolicy(String account, int i) {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Artifacts","Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:ListBucket"],
                  "Resource":["arn:aws:s3:::artifacts-%1$d","arn:aws:s3:::artifacts-%1$d/*"]},
                 {"Sid":"Deploy","Effect":"Allow","Action":["ecs:UpdateService","ecs:DescribeServices"],
                  "Resource":"arn:aws:ecs:us-east-1:%2$s:service/app-%1$d/*",
                  "Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}},
                 {"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"""
                .formatted(i, account);
    }

    /** Waits until the projector's offsets in PostgreSQL reach the topic's end offsets. */
    static void awaitProjected(OpenStsCluster cluster, Map<Integer, Long> end, long t0) throws Exception {
        long target = end.values().stream().mapToLong(Long::longValue).sum();
        long last = -1;
        try (Connection c = cluster.infra().postgres().connect(cluster.database()); Statement s = c.createStatement()) {
            while (true) {
                long done;
                try (ResultSet rs = s.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM projector_offsets")) {
                    rs.next();
                    done = rs.getLong(1);
                }
                if (done >= target) {
                    System.out.printf("projected %,d events into PostgreSQL %.1f s after the first append%n", target,
                            (System.nanoTime() - t0) / 1e9);
                    return;
                }
                if (done / 20_000 != last / 20_000) {
                    System.out.printf("  projected %,d of %,d%n", done, target);
                }
                last = done;
                Thread.sleep(500);
            }
        }
    }

    static void printTableSizes(OpenStsCluster cluster) throws Exception {
        try (Connection c = cluster.infra().postgres().connect(cluster.database()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('iam_aggregates')),"
                     + " coalesce(sum(octet_length(state::text)), 0) FROM iam_aggregates")) {
            rs.next();
            System.out.printf("iam_aggregates: %,d rows, %s on disk, %,d bytes of state as JSON text%n", rs.getLong(1),
                    rs.getString(2), rs.getLong(3));
        }
    }

    /** Starts a replica of the deployment as a fresh JVM, times it to ready, optionally measures its heap, stops it. */
    static Result startOnce(OpenStsCluster cluster, String name, List<String> jvm, boolean measureHeap)
            throws Exception {
        Map<String, String> env = new HashMap<>(cluster.env());
        int port = freePort();
        int management;
        do {
            management = freePort();
        } while (management == port);
        env.put("OPENSTS_HTTP_PORT", Integer.toString(port));
        env.put("OPENSTS_MANAGEMENT_PORT", Integer.toString(management));
        env.put("OPENSTS_REPLICA_ID", name);
        Path log = Path.of(System.getProperty("opensts.it.logs", "target/it-logs")).resolve("startup-" + name + ".log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(Path.of(System.getProperty("opensts.app.jar", "target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile()));
        pb.environment().putAll(env);
        URI ready = URI.create("http://127.0.0.1:" + management + "/q/health/ready");
        long start = System.nanoTime();
        Process process = pb.start();
        try {
            long deadline = start + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " not ready after 120 s; see " + log);
                }
                try {
                    var r = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(1)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            long readyMillis = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(300); // let the log lines of the start reach the file
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("started in") || l.contains("replica " + name + " started")
                            || l.contains("caught up") || l.contains("snapshot"))
                    .map(l -> l.replaceAll("^\\S+ \\S+ +", "").replaceAll("\\s+", " ")).toList();
            long heap = 0;
            List<String> top = List.of();
            if (measureHeap) {
                List<String> histogram = jcmd(process.pid(), "GC.class_histogram");
                String total = histogram.stream().filter(l -> l.startsWith("Total")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no histogram total: " + histogram));
                heap = Long.parseLong(total.trim().split("\\s+")[2]);
                top = histogram.stream().filter(l -> l.matches("\\s*\\d+:\\s+\\d+\\s+\\d+\\s+.*")).limit(12).toList();
            }
            return new Result(readyMillis, heap, top, lines);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static List<String> jcmd(long pid, String command) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process p = new ProcessBuilder(java.resolveSibling("jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

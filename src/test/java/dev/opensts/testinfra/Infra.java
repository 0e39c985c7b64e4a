package dev.opensts.testinfra;

import dev.opensts.launcher.KafkaBroker;
import dev.opensts.launcher.Postgres;
import dev.opensts.launcher.RandomSecrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The JVM-wide Kafka + PostgreSQL used by all integration tests. Started lazily on the first
 * {@link #get()}, stopped at JVM exit.
 *
 * <p>With a Docker engine that answers, Testcontainers runs apache/kafka and postgres:16; otherwise a
 * Kafka 4.1.2 child process and embedded PostgreSQL run on 127.0.0.1, started by the launcher's classes
 * (dev.opensts.launcher) with their logs in target/it-logs. {@code -Dopensts.infra=local} or
 * {@code =testcontainers} (or env OPENSTS_TEST_INFRA) forces one.
 */
public final class Infra {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    private static Infra instance;

    private final String kind;
    private final String kafkaBootstrap;
    private final Postgres postgres;
    private final AutoCloseable kafkaStopper;

    private Infra(String kind, String kafkaBootstrap, AutoCloseable kafkaStopper, Postgres postgres) {
        this.kind = kind;
        this.kafkaBootstrap = kafkaBootstrap;
        this.kafkaStopper = kafkaStopper;
        this.postgres = postgres;
    }

    public static synchronized Infra get() {
        if (instance == null) {
            // initialise logging on this thread first: Kafka and PostgreSQL start in parallel, and two
            // threads initialising the JBoss log manager at once deadlock on its class initialisation
            java.util.logging.LogManager.getLogManager();
            org.slf4j.LoggerFactory.getLogger(Infra.class);
            long t0 = System.nanoTime();
            instance = useContainers() ? startContainers() : startLocal();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "opensts-infra-shutdown"));
            System.out.printf("open-sts test infrastructure: %s (started in %d ms)%n", instance.kind,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return instance;
    }

    private static boolean useContainers() {
        String forced = System.getProperty("opensts.infra", System.getenv("OPENSTS_TEST_INFRA"));
        if (forced != null && !forced.isBlank()) {
            return forced.toLowerCase(Locale.ROOT).startsWith("testcontainers");
        }
        if (!dockerMayBeConfigured()) {
            return false; // skip Testcontainers' probe and its ERROR log on machines without Docker
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static boolean dockerMayBeConfigured() {
        if (System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null) {
            return true;
        }
        String home = System.getProperty("user.home");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        List<Path> candidates = new java.util.ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
                Path.of(home, ".testcontainers.properties"), Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"), Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".rd", "docker.sock")));
        if (runtime != null) {
            candidates.add(Path.of(runtime, "docker.sock"));
            candidates.add(Path.of(runtime, "podman", "podman.sock"));
        }
        return candidates.stream().anyMatch(java.nio.file.Files::exists);
    }

    private static Infra startLocal() {
        // both take a few seconds: start them in parallel
        long t0 = System.nanoTime();
        var pg = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            // a fresh random superuser password per test JVM: logins need it even on loopback
            Postgres p = Postgres.temporary(RandomSecrets.lowercase(40), logDir());
            System.out.printf("open-sts test infrastructure: embedded PostgreSQL ready in %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            return p;
        });
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.startTemporary(logDir());
            System.out.printf("open-sts test infrastructure: Kafka broker ready in %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            pg.thenAccept(Postgres::stop);
            throw e;
        }
        Postgres postgres;
        try {
            postgres = pg.join();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        String kind = "local processes (Kafka " + KafkaBroker.VERSION + " child process on "
                + kafka.bootstrapServers() + ", " + postgres.description() + ")";
        return new Infra(kind, kafka.bootstrapServers(), kafka::stop, postgres);
    }

    private static Infra startContainers() {
        var kafka = new org.testcontainers.kafka.KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        kafka.start();
        Postgres postgres;
        try {
            postgres = postgresContainer();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        String kind = "Testcontainers (" + KAFKA_IMAGE + " at " + kafka.getBootstrapServers() + ", "
                + postgres.description() + ")";
        return new Infra(kind, kafka.getBootstrapServers(), kafka::stop, postgres);
    }

    /** A postgres:16 container (needs a Docker engine). */
    private static Postgres postgresContainer() {
        var c = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine")
                .withUsername("opensts").withPassword("opensts").withDatabaseName("opensts");
        c.start();
        return Postgres.external(c.getHost(), c.getMappedPort(5432), c.getUsername(), c.getPassword(),
                "postgres:16 container " + c.getHost() + ":" + c.getMappedPort(5432), c::stop);
    }

    /** Where the logs of the test JVM's Kafka and PostgreSQL go: -Dopensts.it.logs (failsafe: target/it-logs). */
    static Path logDir() {
        return Path.of(System.getProperty("opensts.it.logs", "target/it-logs"));
    }

    /** "local processes (...)" or "Testcontainers (...)". */
    public String kind() {
        return kind;
    }

    /** host:port of the Kafka bootstrap server. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public Postgres postgres() {
        return postgres;
    }

    /** An admin client on this Kafka; the caller closes it. */
    public Admin kafkaAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
    }

    /** Client properties with bootstrap.servers set, for producers and consumers in tests. */
    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafkaBootstrap);
        return p;
    }

    private synchronized void stop() {
        try {
            kafkaStopper.close();
        } catch (Exception e) {
            System.err.println("open-sts: stopping Kafka failed: " + e);
        }
        postgres.stop();
    }
}

package dev.opensts.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The launcher behind deploy/local/run.sh: Kafka (KRaft, one node) and PostgreSQL on 127.0.0.1 with their
 * data under OPENSTS_DATA_DIR, then the app jar as a child process. Stays in the foreground; SIGTERM or
 * SIGINT stops the app, then Kafka, then PostgreSQL. Generated secrets, among them PostgreSQL's
 * superuser password, are kept in {@code $OPENSTS_DATA_DIR/secrets.env} and reused on the next start
 * ({@link LocalSecrets}, which also says what is printed). The data directory is mode 700, secrets.env
 * and the log files mode 600.
 *
 * <p>Environment: OPENSTS_DATA_DIR (required, absolute), OPENSTS_HTTP_PORT (8080), OPENSTS_MANAGEMENT_PORT
 * (9000: health, metrics, OpenAPI, admin API), OPENSTS_KAFKA_PORT
 * (9092), OPENSTS_KAFKA_CONTROLLER_PORT (Kafka port + 1), OPENSTS_PG_PORT (54320), OPENSTS_APP_JAR
 * (target/quarkus-app/quarkus-run.jar), OPENSTS_INFRA_ONLY=1 (Kafka and PostgreSQL only),
 * OPENSTS_ROOT_ACCESS_KEY_ID / OPENSTS_ROOT_SECRET_ACCESS_KEY / OPENSTS_ADMIN_TOKEN / OPENSTS_DECISION_TOKEN /
 * OPENSTS_KEYRING
 * (override the saved or generated values), OPENSTS_APP_JAVA_OPTS (extra JVM options for the app).
 */
public final class LocalRun {

    static final String DATABASE = "opensts";
    static final String APP_JAVA_OPTS = "-XX:+UseParallelGC";
    private static final Duration APP_READY_TIMEOUT = Duration.ofSeconds(120);
    // strong references, or the level settings can be collected
    private static final List<Logger> QUIET = new ArrayList<>();

    private final Path dataDir;
    private final int httpPort;
    private final int managementPort;
    private final int kafkaPort;
    private final int controllerPort;
    private final int pgPort;
    private final Path appJar;
    private final boolean infraOnly;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile KafkaBroker kafka;
    private volatile Postgres postgres;
    private volatile Process app;

    private LocalRun() {
        String dir = System.getenv("OPENSTS_DATA_DIR");
        this.dataDir = Path.of(dir == null || dir.isBlank() ? ".data" : dir).toAbsolutePath();
        this.httpPort = intEnv("OPENSTS_HTTP_PORT", 8080);
        this.managementPort = intEnv("OPENSTS_MANAGEMENT_PORT", 9000);
        this.kafkaPort = intEnv("OPENSTS_KAFKA_PORT", 9092);
        this.controllerPort = intEnv("OPENSTS_KAFKA_CONTROLLER_PORT", kafkaPort + 1);
        this.pgPort = intEnv("OPENSTS_PG_PORT", 54320);
        String jar = System.getenv("OPENSTS_APP_JAR");
        this.appJar = Path.of(jar == null || jar.isBlank() ? "target/quarkus-app/quarkus-run.jar" : jar).toAbsolutePath();
        this.infraOnly = "1".equals(System.getenv("OPENSTS_INFRA_ONLY")) || "true".equals(System.getenv("OPENSTS_INFRA_ONLY"));
    }

    public static void main(String[] args) {
        for (String name : List.of("org.apache.kafka", "io.zonky")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.WARNING);
            QUIET.add(l);
        }
        int code;
        try {
            code = new LocalRun().run();
        } catch (Exception e) {
            System.err.println("open-sts: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    private int run() throws Exception {
        try {
            return doRun();
        } catch (Exception | Error e) {
            startFailed = true;
            throw e;
        }
    }

    private int doRun() throws Exception {
        boolean ours = Files.isRegularFile(dataDir.resolve("secrets.env"));
        if (PrivateFiles.directory(dataDir, ours)) {
            System.out.println("open-sts: " + dataDir + " is now mode 700 (only its owner may read it)");
        } else if (PrivateFiles.openToOthers(dataDir)) {
            System.out.println("open-sts: warning: " + dataDir + " is readable by other users; the files open-sts"
                    + " writes in it are not");
        }
        if (!infraOnly && !Files.isRegularFile(appJar)) {
            throw new IllegalStateException("app jar " + appJar + " not found (build with ./mvnw -B package -DskipTests)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "opensts-local-shutdown"));
        LocalSecrets secrets = LocalSecrets.loadOrGenerate(dataDir.resolve("secrets.env"), System.getenv());
        if (secrets.modeTightened()) {
            System.out.println("open-sts: " + secrets.file() + " is now mode 600 (it was readable by others)");
        }

        long t0 = System.nanoTime();
        System.out.printf("open-sts: starting Kafka %s on 127.0.0.1:%d and PostgreSQL on 127.0.0.1:%d (data in %s)%n",
                KafkaBroker.VERSION, kafkaPort, pgPort, dataDir);
        var pgFuture = CompletableFuture.supplyAsync(() -> Postgres.embedded(dataDir.resolve("postgres"), pgPort,
                secrets.pgPassword(), secrets.pgPasswordGenerated()));
        try {
            kafka = KafkaBroker.startPersistent(dataDir.resolve("kafka"), kafkaPort, controllerPort, true);
        } finally {
            try {
                postgres = pgFuture.join();
            } catch (RuntimeException e) {
                if (kafka != null) {
                    throw e;
                }
            }
        }
        postgres.createDatabase(DATABASE);
        System.out.printf("open-sts: Kafka and PostgreSQL ready in %d ms (logs: %s, %s)%n",
                (System.nanoTime() - t0) / 1_000_000, kafka.logFile(), dataDir.resolve("postgres.log"));
        if (stopping) {
            return 0;
        }

        if (infraOnly) {
            // the secrets are not printed: they are in secrets.env, which a shell can load
            System.out.printf("open-sts: OPENSTS_INFRA_ONLY is set, not starting the app. Run it with%n"
                    + "  OPENSTS_KAFKA_BOOTSTRAP=%s%n  OPENSTS_PG_URL=%s%n  OPENSTS_PG_USER=%s%n"
                    + "  and OPENSTS_PG_PASSWORD and the other secrets from %s (set -a; . that file; set +a)%n"
                    + "Ctrl-C stops both.%n",
                    kafka.bootstrapServers(), postgres.reactiveUrl(DATABASE), postgres.user(), secrets.file());
            watchKafka();
            stopped.await();
            return 0;
        }

        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENSTS_HTTP_HOST", "127.0.0.1");
        env.put("OPENSTS_HTTP_PORT", Integer.toString(httpPort));
        env.put("OPENSTS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("OPENSTS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("OPENSTS_PG_URL", postgres.reactiveUrl(DATABASE));
        env.put("OPENSTS_PG_USER", postgres.user());
        env.put("OPENSTS_PG_PASSWORD", postgres.password());
        env.put("OPENSTS_TOPIC_PREFIX", envOr("OPENSTS_TOPIC_PREFIX", "opensts"));
        env.put("OPENSTS_REPLICA_ID", envOr("OPENSTS_REPLICA_ID", "local-1"));
        env.putAll(secrets.appValues());

        List<String> cmd = new ArrayList<>();
        cmd.add(ChildProcesses.javaBinary());
        String opts = System.getenv("OPENSTS_APP_JAVA_OPTS");
        // the parallel collector: its young pauses are a fraction of G1's under this load (docs/performance.md)
        cmd.addAll(List.of((opts == null || opts.isBlank() ? APP_JAVA_OPTS : opts).trim().split("\\s+")));
        cmd.add("-jar");
        cmd.add(appJar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putAll(env);
        synchronized (this) {
            if (stopping) {
                return 0;
            }
            app = pb.start();
        }
        String tlsCert = System.getenv("OPENSTS_TLS_CERT_FILE"); // inherited by the app: HTTPS only
        String scheme = tlsCert == null || tlsCert.isBlank() ? "http" : "https";
        URI endpoint = URI.create(scheme + "://127.0.0.1:" + httpPort);
        URI management = URI.create("http://127.0.0.1:" + managementPort);
        watchKafka();
        if (awaitReady(app, management.resolve("/q/health/ready"))) {
            printBanner(endpoint, management, secrets);
        }
        int code = app.waitFor();
        if (stopping) {
            stopped.await();
            return 0;
        }
        System.err.println("open-sts: the app exited with " + code + "; stopping Kafka and PostgreSQL");
        return code == 0 ? 1 : code;
    }

    private void watchKafka() {
        Thread t = new Thread(new KafkaWatchdog(() -> kafka, () -> stopping, dataDir, System.err,
                KafkaWatchdog.FIRST_TRY, KafkaWatchdog.LONGEST_WAIT), "opensts-kafka-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private boolean awaitReady(Process p, URI ready) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + APP_READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && p.isAlive() && !stopping) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        if (p.isAlive() && !stopping) {
            System.err.println("open-sts: " + ready + " did not answer 200 within " + APP_READY_TIMEOUT.toSeconds()
                    + " s; the app keeps running");
        }
        return false;
    }

    private void printBanner(URI endpoint, URI management, LocalSecrets s) {
        System.out.println("\nopen-sts is ready at " + endpoint + "\n" + s.rootCredentialsText(endpoint)
                + "Management interface (loopback): " + management + "/q/health/ready, " + management
                + "/q/metrics, admin API " + management + "/opensts/admin/accounts (Authorization: Bearer "
                + "$OPENSTS_ADMIN_TOKEN, kept in " + s.file() + ")\n"
                + "Decision endpoint: " + endpoint + "/opensts/v1/authorize (Authorization: Bearer $OPENSTS_DECISION_TOKEN,"
                + " kept in " + s.file() + ")\n"
                + "Ctrl-C stops open-sts, Kafka and PostgreSQL.\n");
    }

    /** Shutdown hook: app first (SIGTERM, 30 s), then Kafka, then PostgreSQL. */
    private void stopAll() {
        synchronized (this) {
            stopping = true;
        }
        Process a = app;
        if (a != null && a.isAlive()) {
            System.out.println("open-sts: stopping the app");
            ChildProcesses.terminate(a.toHandle(), Duration.ofSeconds(30));
        }
        // a start still in progress: wait for it, so that nothing is left running
        for (int i = 0; i < 600 && (kafka == null || postgres == null) && !startFailed(); i++) {
            sleepQuietly(100);
        }
        KafkaBroker k = kafka;
        if (k != null) {
            System.out.println("open-sts: stopping Kafka");
            k.stop();
        }
        Postgres p = postgres;
        if (p != null) {
            System.out.println("open-sts: stopping PostgreSQL");
            p.stop();
        }
        stopped.countDown();
    }

    private volatile boolean startFailed;

    private boolean startFailed() {
        return startFailed;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int intEnv(String name, int dflt) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not " + v);
        }
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

}

package dev.opensts.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (Kafka 4.1.2, the kafka_2.13 jars of the launcher's class path) running
 * as a child JVM bound to 127.0.0.1. Its log directory is formatted once; a data directory that is already
 * formatted is reused. Broker output goes to {@code <dataDir>/broker.log}, or for a temporary broker to
 * {@code <logDir>/kafka-<port>.log}.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String VERSION = "4.1.2";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dataDir;
    private final boolean deleteOnStop;
    private final int port;
    private final int controllerPort;
    private final Path logFile;
    private final Secured secured;
    private Process process;
    private Thread shutdownHook;

    /**
     * A third listener, SASL_SSL with SCRAM-SHA-512 and Kafka's standard authorizer, as a Strimzi cluster's
     * {@code tls} listener with {@code scram-sha-512} users: {@code keystorePem} holds the broker's PKCS#8 key and
     * certificate chain. The plaintext listener stays for the operator (its principal, ANONYMOUS, is the only super
     * user), who creates the SCRAM users and their ACLs; every client on this listener has only its ACLs.
     */
    public record Secured(int port, Path keystorePem) {
    }

    private boolean ownSession;

    private KafkaBroker(Path dataDir, boolean deleteOnStop, int port, int controllerPort, Path logFile,
            Secured secured) {
        this.secured = secured;
        this.dataDir = dataDir;
        this.deleteOnStop = deleteOnStop;
        this.port = port;
        this.controllerPort = controllerPort;
        this.logFile = logFile;
    }

    /**
     * A broker in a fresh temporary directory on free ports; the directory is deleted on stop (and at JVM
     * exit). Its output goes to {@code <logDir>/kafka-<port>.log}, which stays.
     */
    public static KafkaBroker startTemporary(Path logDir) {
        try {
            Path dir = Files.createTempDirectory("opensts-kafka-");
            int port = ChildProcesses.freePort();
            Files.createDirectories(logDir);
            return start(dir, true, port, ChildProcesses.freePort(), false, logDir.resolve("kafka-" + port + ".log"),
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #startTemporary}, with the {@link Secured} listener on a free port; {@link #securedBootstrapServers}
     * names it.
     */
    public static KafkaBroker startTemporarySecured(Path logDir, Path keystorePem) {
        try {
            Path dir = Files.createTempDirectory("opensts-kafka-");
            int port = ChildProcesses.freePort();
            Files.createDirectories(logDir);
            return start(dir, true, port, ChildProcesses.freePort(), false, logDir.resolve("kafka-" + port + ".log"),
                    new Secured(ChildProcesses.freePort(), keystorePem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A broker on fixed ports whose data survives in {@code dataDir}. No shutdown hook is registered: the
     * caller stops it (LocalRun stops the app first, then Kafka, then PostgreSQL). {@code ownSession} runs
     * it under setsid so a terminal Ctrl-C does not reach it directly.
     */
    public static KafkaBroker startPersistent(Path dataDir, int port, int controllerPort, boolean ownSession) {
        return start(dataDir, false, port, controllerPort, ownSession, dataDir.resolve("broker.log"), null);
    }

    private static KafkaBroker start(Path dataDir, boolean deleteOnStop, int port, int controllerPort,
            boolean ownSession, Path logFile, Secured secured) {
        KafkaBroker broker = new KafkaBroker(dataDir, deleteOnStop, port, controllerPort, logFile, secured);
        try {
            broker.doStart(ownSession);
        } catch (RuntimeException e) {
            broker.stop();
            throw e;
        }
        return broker;
    }

    /** host:port of the client listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** host:port of the {@link Secured} listener; only for a broker started with one. */
    public String securedBootstrapServers() {
        if (secured == null) {
            throw new IllegalStateException("this broker has no secured listener");
        }
        return "127.0.0.1:" + secured.port();
    }

    int port() {
        return port;
    }

    Path logFile() {
        return logFile;
    }

    private void doStart(boolean ownSession) {
        this.ownSession = ownSession;
        try {
            PrivateFiles.directory(dataDir, true); // its own directory: mode 700
            Path pidFile = dataDir.resolve("broker.pid");
            ChildProcesses.killStale(pidFile, KafkaBrokerMain.class.getName());
            int[] ports = secured == null ? new int[] {port, controllerPort}
                    : new int[] {port, controllerPort, secured.port()};
            for (int p : ports) {
                if (!ChildProcesses.portFree(p)) {
                    throw new IllegalStateException("Kafka port 127.0.0.1:" + p + " is already in use");
                }
            }
            Path logDir = dataDir.resolve("kafka-logs");
            Path config = dataDir.resolve("server.properties");
            Files.writeString(config, serverProperties(port, controllerPort, logDir, secured), StandardCharsets.UTF_8);
            Files.writeString(dataDir.resolve("logging.properties"), LOGGING, StandardCharsets.UTF_8);
            String classpath = brokerClasspath();
            PrivateFiles.file(logFile);

            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(classpath, config);
            }

            List<String> cmd = new ArrayList<>();
            if (ownSession && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                // own session: a Ctrl-C on the launcher's terminal must not reach the broker directly;
                // the launcher stops it in order (app first, then Kafka)
                cmd.add("/usr/bin/setsid");
            }
            cmd.addAll(jvm(classpath));
            cmd.add(KafkaBrokerMain.class.getName());
            cmd.add(config.toString());
            // stdin stays a pipe from this JVM: KafkaBrokerMain exits when it closes (this JVM died)
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile())).redirectInput(Redirect.PIPE);
            process = pb.start();
            ChildProcesses.writePid(pidFile, process.pid());
            if (deleteOnStop && shutdownHook == null) {
                shutdownHook = new Thread(this::stopProcess, "kafka-broker-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JBoss LogManager configuration for the broker: slf4j on the launcher's class path is bound to it
     * (slf4j-jboss-logmanager), and the broker's stdout goes to its log file.
     */
    private static final String LOGGING = String.join("\n",
            "logger.level=INFO",
            "logger.handlers=CONSOLE",
            "handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler",
            "handler.CONSOLE.properties=autoFlush,target",
            "handler.CONSOLE.autoFlush=true",
            "handler.CONSOLE.target=SYSTEM_OUT",
            "handler.CONSOLE.formatter=PATTERN",
            "formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter",
            "formatter.PATTERN.properties=pattern",
            "formatter.PATTERN.pattern=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n",
            "");

    /**
     * The launcher's class path without Quarkus' jars: quarkus-bootstrap-runner installs a JBoss LogManager
     * configurator that buffers all log records until Quarkus starts, which would leave the broker silent.
     */
    private static String brokerClasspath() {
        String sep = java.io.File.pathSeparator;
        String deps = java.util.Arrays.stream(ChildProcesses.dependencyClasspath().split(java.util.regex.Pattern.quote(sep)))
                .filter(e -> !e.replace('\\', '/').contains("/io/quarkus/"))
                .collect(java.util.stream.Collectors.joining(sep));
        try {
            // target/classes (or wherever this class came from), for KafkaBrokerMain
            Path own = Path.of(KafkaBrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return own + sep + deps;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The broker's JVM. Its heap options are OPENSTS_KAFKA_HEAP_OPTS when set, else a default chosen
     * for latency on a small machine shared with the service (docs/performance.md).
     */
    private List<String> jvm(String classpath) {
        List<String> cmd = new ArrayList<>(List.of(ChildProcesses.javaBinary()));
        String heap = System.getenv("OPENSTS_KAFKA_HEAP_OPTS");
        cmd.addAll(List.of((heap == null || heap.isBlank() ? DEFAULT_HEAP_OPTS : heap).trim().split("\\s+")));
        cmd.addAll(List.of("-Djava.awt.headless=true",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dlogging.configuration=" + dataDir.resolve("logging.properties").toUri(),
                "-cp", classpath));
        return cmd;
    }

    static final String DEFAULT_HEAP_OPTS = "-Xms384m -Xmx768m -XX:+UseParallelGC";

    private void format(String classpath, Path config) throws IOException {
        List<String> cmd = jvm(classpath);
        cmd.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()));
        Process p = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Kafka storage format timed out:\n" + ChildProcesses.tail(logFile, 40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("Kafka storage format failed (exit " + p.exitValue() + "):\n"
                    + ChildProcesses.tail(logFile, 40));
        }
    }

    /**
     * Both listeners, the client one and the KRaft controller's, bind 127.0.0.1 only, and that is the
     * only address advertised (KafkaBrokerTest checks that no other address appears). Plaintext without
     * SASL for the local run and the tests; a test that proves the service's security settings (KafkaSecurityIT)
     * adds the {@link Secured} listener.
     */
    static String serverProperties(int port, int controllerPort, Path logDir) {
        return serverProperties(port, controllerPort, logDir, null);
    }

    static String serverProperties(int port, int controllerPort, Path logDir, Secured secured) {
        String extra = secured == null ? "" : ",SECURED://127.0.0.1:" + secured.port();
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort + extra,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + extra,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                        + (secured == null ? "" : ",SECURED:SASL_SSL"),
                "log.dirs=" + logDir,
                "num.partitions=3",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "num.network.threads=1",
                "num.io.threads=1",
                "background.threads=4",
                "") + (secured == null ? "" : securedProperties(secured));
    }

    /** The {@link Secured} listener's settings and the authorizer, added to {@link #serverProperties}. */
    private static String securedProperties(Secured secured) {
        return String.join("\n",
                "listener.name.secured.sasl.enabled.mechanisms=SCRAM-SHA-512",
                "listener.name.secured.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.secured.ssl.keystore.type=PEM",
                "listener.name.secured.ssl.keystore.location=" + secured.keystorePem(),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false",
                "");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(conf)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with " + process.exitValue()
                            + " while starting; " + logFile + ":\n" + ChildProcesses.tail(logFile, 60));
                }
                try {
                    var cluster = admin.describeCluster();
                    if (!cluster.nodes().get(3, TimeUnit.SECONDS).isEmpty()
                            && cluster.controller().get(3, TimeUnit.SECONDS) != null) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (Exception e) {
                    last = e;
                }
                sleep(200);
            }
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " not ready after "
                    + START_TIMEOUT.toSeconds() + " s (" + last + "); " + logFile + ":\n"
                    + ChildProcesses.tail(logFile, 60));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private synchronized void stopProcess() {
        if (process != null) {
            ChildProcesses.terminate(process.toHandle(), Duration.ofSeconds(30));
            process = null;
            try {
                Files.deleteIfExists(dataDir.resolve("broker.pid"));
            } catch (IOException ignored) {
                // best effort
            }
        }
        if (deleteOnStop) {
            ChildProcesses.deleteRecursively(dataDir);
        }
    }

    /**
     * Stops the broker's process and keeps its data and ports, for a test of what its clients do while it is away:
     * SIGTERM (a controlled shutdown), or SIGKILL when {@code hard}. {@link #resume} starts it again.
     */
    public synchronized void halt(boolean hard) {
        if (process == null) {
            return;
        }
        if (hard) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            ChildProcesses.terminate(process.toHandle(), Duration.ofSeconds(30));
        }
        process = null;
    }

    /** Starts a {@link #halt halted} broker again, on the same ports and data; waits until it answers. */
    public synchronized void resume() {
        if (process == null) {
            doStart(false);
        }
    }

    /** The broker's process while it has one (for tests that make it die). */
    synchronized java.util.Optional<ProcessHandle> processHandle() {
        return process == null ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
    }

    /**
     * The exit status of a broker process that ended by itself (neither {@link #stop stopped} nor {@link #halt
     * halted}): Kafka halts when its log directory fails, a full disk for one; empty while it runs.
     */
    public synchronized OptionalInt unexpectedExit() {
        return process != null && !process.isAlive() ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /**
     * Starts again, on the same ports and data, a broker whose process {@link #unexpectedExit ended by itself}; waits
     * until it answers. A start that fails (the disk still full) leaves no process behind and throws; call again.
     */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            return;
        }
        process = null;
        try {
            doStart(ownSession);
        } catch (RuntimeException e) {
            halt(true);
            throw e;
        }
    }

    /** Stops the broker (SIGTERM, controlled shutdown; SIGKILL after 30 s) and its children; idempotent. */
    public void stop() {
        stopProcess();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // called from another shutdown hook
            }
            shutdownHook = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}

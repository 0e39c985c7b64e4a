package dev.opensts.testinfra;

import dev.opensts.launcher.KafkaBroker;
import java.nio.file.Path;

/**
 * A Kafka broker of its own (a child process on free ports, deleted on stop), for a test that has to take
 * Kafka away from a replica, or to secure it, without disturbing the shared broker every other test uses.
 */
public final class DedicatedKafka implements AutoCloseable {
    private final KafkaBroker broker;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;

    private DedicatedKafka(KafkaBroker broker) {
        this(broker, null, 0, 0);
    }

    private DedicatedKafka(KafkaBroker broker, Path dataDir, int port, int controllerPort) {
        this.broker = broker;
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static DedicatedKafka start() {
        return new DedicatedKafka(KafkaBroker.startTemporary(Infra.logDir()));
    }

    /**
     * A broker with a SASL_SSL listener (SCRAM-SHA-512, ACLs enforced) beside its plaintext one, whose principal
     * is the only super user: {@code keystorePem} holds the broker's key and certificate chain.
     */
    public static DedicatedKafka startSecured(Path keystorePem) {
        return new DedicatedKafka(KafkaBroker.startTemporarySecured(Infra.logDir(), keystorePem));
    }

    /**
     * A broker on fixed free ports whose data survives {@link #stop()}, so that {@link #restart()} brings the same
     * broker back with its topics and records (the caller deletes {@code dataDir}).
     */
    public static DedicatedKafka persistent(Path dataDir) {
        int port = dev.opensts.launcher.ChildProcesses.freePort();
        int controllerPort = dev.opensts.launcher.ChildProcesses.freePort();
        return new DedicatedKafka(KafkaBroker.startPersistent(dataDir, port, controllerPort, false), dataDir, port,
                controllerPort);
    }

    /** Starts a stopped {@link #persistent} broker again, on the same ports and data. */
    public DedicatedKafka restart() {
        if (dataDir == null) {
            throw new IllegalStateException("only a persistent broker restarts");
        }
        broker.stop();
        return new DedicatedKafka(KafkaBroker.startPersistent(dataDir, port, controllerPort, false), dataDir, port,
                controllerPort);
    }

    /** host:port of the plaintext listener (the super user's) */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** host:port of the SASL_SSL listener of a broker from {@link #startSecured} */
    public String securedBootstrapServers() {
        return broker.securedBootstrapServers();
    }

    /** Stops the broker's process, keeping its data and ports: SIGTERM, or SIGKILL when {@code hard}. */
    public void halt(boolean hard) {
        broker.halt(hard);
    }

    /** Starts a halted broker again on the same data and ports, and waits until it answers. */
    public void resume() {
        broker.resume();
    }

    /** Stops the broker; idempotent. */
    public void stop() {
        broker.stop();
    }

    @Override
    public void close() {
        stop();
    }
}

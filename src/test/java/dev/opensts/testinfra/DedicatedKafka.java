package dev.opensts.testinfra;

import dev.opensts.launcher.KafkaBroker;
import java.nio.file.Path;

/**
 * A Kafka broker of its own (a child process on free ports, deleted on stop), for a test that has to take
 * Kafka away from a replica, or to secure it, without disturbing the shared broker every other test uses.
 */
public final class DedicatedKafka implements AutoCloseable {
    private final KafkaBroker broker;

    private DedicatedKafka(KafkaBroker broker) {
        this.broker = broker;
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

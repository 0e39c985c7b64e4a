package dev.opensts.testinfra;

import dev.opensts.launcher.KafkaBroker;

/**
 * A Kafka broker of its own (a child process on free ports, deleted on stop), for the one test that
 * has to take Kafka away from a replica without disturbing the shared broker every other test uses.
 */
public final class DedicatedKafka implements AutoCloseable {
    private final KafkaBroker broker;

    private DedicatedKafka(KafkaBroker broker) {
        this.broker = broker;
    }

    public static DedicatedKafka start() {
        return new DedicatedKafka(KafkaBroker.startTemporary(Infra.logDir()));
    }

    /** host:port */
    public String bootstrapServers() {
        return broker.bootstrapServers();
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

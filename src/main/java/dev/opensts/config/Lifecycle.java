package dev.opensts.config;

import dev.opensts.adapter.kafka.EventCodec;
import dev.opensts.adapter.kafka.KafkaEventLog;
import dev.opensts.adapter.kafka.RevocationCodec;
import dev.opensts.adapter.kafka.RevocationFeeder;
import dev.opensts.adapter.kafka.ViewFeeder;
import dev.opensts.adapter.postgres.Migrations;
import dev.opensts.adapter.postgres.Projector;
import dev.opensts.adapter.postgres.Snapshot;
import dev.opensts.adapter.postgres.SnapshotLoader;
import dev.opensts.app.iam.Resealer;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocations;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Start-up in order: schema migrations, topics, the view from PostgreSQL's snapshot, then Kafka
 * from the snapshot's offsets, then the projector. The replica reports ready once the view has
 * caught up (see ReadinessCheck).
 */
@Singleton
public class Lifecycle {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private final OpenStsConfig config;
    private final Pool pool;
    private final LiveView view;
    private final EventCodec codec;
    private final KafkaEventLog eventLog;
    private final String replicaId;
    private volatile ViewFeeder feeder;
    private volatile Projector projector;
    private final Revocations revocations;
    private final RevocationCodec revocationCodec;
    private final Clock clock;
    private volatile RevocationFeeder revocationFeeder;
    private final Resealer resealer;

    Lifecycle(OpenStsConfig config, Pool pool, LiveView view, EventCodec codec, KafkaEventLog eventLog,
              @Named("replicaId") String replicaId, Revocations revocations, RevocationCodec revocationCodec,
              Clock clock, Resealer resealer) {
        this.resealer = resealer;
        this.revocations = revocations;
        this.revocationCodec = revocationCodec;
        this.clock = clock;
        this.config = config;
        this.pool = pool;
        this.view = view;
        this.codec = codec;
        this.eventLog = eventLog;
        this.replicaId = replicaId;
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        long t0 = System.nanoTime();
        Migrations.apply(pool);
        KafkaEventLog.createTopics(config);
        Snapshot snapshot = SnapshotLoader.load(pool, codec.json(), config.topics().iamEvents());
        view.load(snapshot.aggregates());
        feeder = new ViewFeeder(config, view, codec, snapshot.nextOffsets());
        feeder.start();
        revocationFeeder = new RevocationFeeder(config, revocations, revocationCodec, clock);
        revocationFeeder.start();
        projector = new Projector(config, pool, codec);
        projector.start();
        if (config.keyringResealOnStart()) {
            // once this replica's view is complete: secrets sealed under an older key are sealed again under
            // the current one, so that the older key can leave the ring (docs/operations.md, key rotation)
            Thread.ofVirtual().name("opensts-reseal").start(this::resealWhenCaughtUp);
        }
        LOG.infof("replica %s started: %d aggregates from PostgreSQL, consuming %s from offsets %s in %d ms",
                replicaId, snapshot.aggregates().size(), config.topics().iamEvents(), snapshot.nextOffsets(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private void resealWhenCaughtUp() {
        try {
            while (!caughtUp()) {
                Thread.sleep(200);
            }
            resealer.resealAll("reseal-at-start-" + replicaId).await().indefinitely();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("re-sealing stored secrets at start failed: %s", e.toString());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (projector != null) {
            projector.close();
        }
        if (feeder != null) {
            feeder.close();
        }
        if (revocationFeeder != null) {
            revocationFeeder.close();
        }
    }

    public boolean caughtUp() {
        return feeder != null && feeder.caughtUp() && revocationFeeder != null && revocationFeeder.caughtUp();
    }

    public boolean kafkaReachable() {
        return eventLog.reachable();
    }
}

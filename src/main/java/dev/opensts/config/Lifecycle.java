package dev.opensts.config;

import dev.opensts.adapter.kafka.EventCodec;
import dev.opensts.adapter.kafka.KafkaEventLog;
import dev.opensts.adapter.kafka.KafkaProjector;
import dev.opensts.adapter.kafka.RevocationCodec;
import dev.opensts.adapter.kafka.Topics;
import dev.opensts.adapter.kafka.ViewFeeder;
import dev.opensts.adapter.postgres.IamProjection;
import dev.opensts.adapter.postgres.Migrations;
import dev.opensts.adapter.postgres.ReadModelReset;
import dev.opensts.adapter.postgres.RevocationProjection;
import dev.opensts.adapter.postgres.Snapshot;
import dev.opensts.adapter.postgres.SnapshotLoader;
import dev.opensts.app.iam.Resealer;
import dev.opensts.iam.Actor;
import dev.opensts.iam.IamEvent;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocation;
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
 * Start-up: the topics, the revocation feeder and the projector's consumer on one thread while, on this one,
 * the schema migrations run and the view is loaded from PostgreSQL's snapshot; then Kafka from the snapshot's
 * offsets, then the projector. The replica reports ready once the view has caught up (see ReadinessCheck); after
 * that, the loaded policies no request has needed yet are compiled once (opensts_policies_uncompilable).
 */
@Singleton
public class Lifecycle {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private final OpenStsConfig config;
    private final Pool pool;
    private final LiveView view;
    private final EventCodec codec;
    private final KafkaEventLog<IamEvent> eventLog;
    private final String replicaId;
    private volatile ViewFeeder<IamEvent> feeder;
    private volatile KafkaProjector<IamEvent> projector;
    private volatile KafkaProjector<Revocation> revocationProjector;
    private final Revocations revocations;
    private final RevocationCodec revocationCodec;
    private final Clock clock;
    private volatile ViewFeeder<Revocation> revocationFeeder;
    private final Resealer resealer;

    Lifecycle(OpenStsConfig config, Pool pool, LiveView view, EventCodec codec, KafkaEventLog<IamEvent> eventLog,
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
        // Kafka's side (topics, the revocation feeder, the projector's consumer) needs nothing from PostgreSQL:
        // it is set up while the migrations run and the snapshot is read
        var kafkaSide = new java.util.concurrent.FutureTask<Long>(() -> {
            Topics.create(config);
            revocationFeeder = ViewFeeder.revocations(config, revocations, revocationCodec, clock);
            revocationFeeder.start();
            projector = new KafkaProjector<>(config, config.topics().iamEvents(), "projector", codec,
                    new IamProjection(pool, codec.json(), config.topics().iamEvents()));
            revocationProjector = new KafkaProjector<>(config, config.topics().revocations(),
                    "projector.revocations", revocationCodec,
                    new RevocationProjection(pool, config.topics().revocations(), clock));
            return System.nanoTime();
        });
        Thread.ofPlatform().name("opensts-start-kafka").daemon().start(kafkaSide);
        Migrations.apply(pool);
        if (config.rebuildReadModel()) {
            ReadModelReset.reset(pool, config.topics().iamEvents(), config.topics().revocations());
        }
        long migrated = System.nanoTime();
        Snapshot snapshot = SnapshotLoader.load(pool, codec.json(), config.topics().iamEvents());
        long read = System.nanoTime();
        view.load(snapshot.aggregates());
        long loaded = System.nanoTime();
        long kafkaReady;
        try {
            kafkaReady = kafkaSide.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        feeder = ViewFeeder.liveView(config, view, codec, snapshot.nextOffsets());
        feeder.start();
        projector.start();
        revocationProjector.start();
        Thread.ofPlatform().name("opensts-after-start").daemon().start(() -> afterCaughtUp(snapshot));
        if (config.keyringResealOnStart()) {
            // once this replica's view is complete: secrets sealed under an older key are sealed again under
            // the current one, so that the older key can leave the ring (docs/operations.md, key rotation)
            Thread.ofVirtual().name("opensts-reseal").start(this::resealWhenCaughtUp);
        }
        long done = System.nanoTime();
        LOG.infof("replica %s started: %d aggregates from PostgreSQL, consuming %s from offsets %s in %d ms"
                        + " (migrations %d ms, snapshot read %d ms, view built %d ms, Kafka set up in parallel %d ms,"
                        + " view feeder %d ms)", replicaId, snapshot.aggregates().size(), config.topics().iamEvents(),
                snapshot.nextOffsets(), (done - t0) / 1_000_000, (migrated - t0) / 1_000_000,
                (read - migrated) / 1_000_000, (loaded - read) / 1_000_000, (kafkaReady - t0) / 1_000_000,
                (done - Math.max(loaded, kafkaReady)) / 1_000_000);
    }

    /**
     * Once caught up, off the start's path: every loaded policy no request has compiled yet is compiled once (a
     * document that does not compile is counted in opensts_policies_uncompilable and denies everything, as on
     * first use), and the compact form of rows read from jsonb is written back.
     */
    private void afterCaughtUp(Snapshot snapshot) {
        try {
            while (!caughtUp()) {
                Thread.sleep(100);
            }
            long t0 = System.nanoTime();
            int checked = view.checkLoadedPolicies();
            LOG.infof("compiled the policies of %d loaded aggregates once in %d ms: %d stored documents do not"
                    + " compile", checked, (System.nanoTime() - t0) / 1_000_000, view.uncompilablePolicies());
            SnapshotLoader.backfill(pool, snapshot);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("after start: %s", e.toString());
        }
    }

    private void resealWhenCaughtUp() {
        try {
            while (!caughtUp()) {
                Thread.sleep(200);
            }
            resealer.resealAll(Actor.service(), "reseal-at-start-" + replicaId).await().indefinitely();
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
        if (revocationProjector != null) {
            revocationProjector.close();
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

    /**
     * What the PostgreSQL projections are doing: "projecting", or why they fail and since when (the database away,
     * typically). Reported by readiness as data only: the replica serves from its view meanwhile.
     */
    public String readModel() {
        StringBuilder failing = new StringBuilder();
        for (KafkaProjector<?> p : new KafkaProjector<?>[] {projector, revocationProjector}) {
            if (p != null && p.failing()) {
                failing.append(failing.isEmpty() ? "" : "; ").append("failing since ").append(p.failingSince())
                        .append(": ").append(p.lastFailure());
            }
        }
        return failing.isEmpty() ? "projecting" : failing.toString();
    }
}

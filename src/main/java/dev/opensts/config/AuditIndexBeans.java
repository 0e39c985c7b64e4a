package dev.opensts.config;

import dev.opensts.adapter.kafka.KafkaConnection;
import dev.opensts.adapter.kafka.KafkaDigestLog;
import dev.opensts.adapter.postgres.AuditIndexStore;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.app.trail.AccessKeyUsage;
import dev.opensts.app.trail.AuditDigests;
import dev.opensts.app.trail.AuditIndex;
import dev.opensts.app.trail.AuditIndexer;
import dev.opensts.app.trail.LookupEvents;
import dev.opensts.credentials.KeyRing;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.view.LiveView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The audit index's objects (docs/audit-events.md): the PostgreSQL store, the indexer, LookupEvents and the
 * access-key usage answers; the Kafka settings of the indexer's channel, from the same KafkaConnection as every other
 * client (bootstrap servers, TLS, SASL) and the topic prefix; and the hourly drop of the days past the retention.
 */
@Singleton
public class AuditIndexBeans {
    private static final Logger LOG = Logger.getLogger(AuditIndexBeans.class);
    /** The name of the channel's Kafka configuration (mp.messaging.incoming.audit.kafka-configuration). */
    static final String CHANNEL_CONFIGURATION = "opensts-audit-index";
    static final Duration RETENTION_PERIOD = Duration.ofHours(1);

    private volatile Thread retention;
    private volatile Thread digester;

    @Produces
    @Singleton
    AuditIndex auditIndex(Pool pool, OpenStsConfig config) {
        return new AuditIndexStore(pool, config.topics().issuance());
    }

    @Produces
    @Singleton
    AuditIndexer auditIndexer(AuditIndex index, Clock clock, OpenStsConfig config) {
        return new AuditIndexer(index, clock, config.auditIndex().retention());
    }

    @Produces
    @Singleton
    LookupEvents lookupEvents(AuditIndex index, Authorizer authorizer, KeyRing keyRing, Clock clock,
                              OpenStsConfig config) {
        return new LookupEvents(index, authorizer, keyRing, clock, config.auditIndex().retention());
    }

    @Produces
    @Singleton
    AccessKeyUsage accessKeyUsage(LiveView view, AuditIndex index, Authorizer authorizer, Clock clock) {
        return new AccessKeyUsage(view, index, authorizer, clock);
    }

    @Produces
    @Singleton
    AuditDigests auditDigests(AuditIndex index, KeyRing keyRing, Clock clock, OpenStsConfig config,
                              KafkaDigestLog digestLog) {
        return new AuditDigests(index, keyRing, clock, config.auditIndex().digestWindow(),
                config.auditIndex().digestGrace(), digestLog);
    }

    @Produces
    @Singleton
    KafkaDigestLog digestLog(OpenStsConfig config, @jakarta.inject.Named("replicaId") String replicaId,
                             dev.opensts.adapter.kafka.EventCodec codec) {
        return new KafkaDigestLog(config, "/opensts/" + replicaId, codec.json());
    }

    void closeDigestLog(@jakarta.enterprise.inject.Disposes KafkaDigestLog log) {
        log.close();
    }

    /** The indexer channel's Kafka client settings: the topic, the group, and how every client of ours connects. */
    @Produces
    @Identifier(CHANNEL_CONFIGURATION)
    Map<String, Object> channelConfiguration(OpenStsConfig config) {
        var settings = new HashMap<String, Object>();
        KafkaConnection.properties(config).forEach((k, v) -> settings.put(String.valueOf(k), v));
        settings.put("topic", config.topics().issuance());
        settings.put("group.id", config.topics().prefix() + ".audit-indexer");
        return settings;
    }

    void start(@Observes StartupEvent event, OpenStsConfig config, AuditIndexer indexer, AuditDigests digests) {
        if (!config.auditIndex().enabled()) {
            return;
        }
        Duration every = config.auditIndex().digestWindow().compareTo(Duration.ofMinutes(1)) < 0
                ? config.auditIndex().digestWindow() : Duration.ofMinutes(1);
        digester = Thread.ofVirtual().name("opensts-audit-digests").start(() -> {
            try {
                while (true) {
                    Thread.sleep(every);
                    try {
                        digests.digestClosedWindows().await().atMost(Duration.ofMinutes(5));
                    } catch (RuntimeException e) {
                        LOG.warnf("audit index: digesting closed windows failed: %s", e.toString());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        retention = Thread.ofVirtual().name("opensts-audit-retention").start(() -> {
            try {
                while (true) {
                    Thread.sleep(Duration.ofMinutes(1));
                    try {
                        indexer.enforceRetention().await().atMost(Duration.ofMinutes(1));
                    } catch (RuntimeException e) {
                        LOG.warnf("audit index: dropping the days past the retention failed: %s", e.toString());
                    }
                    Thread.sleep(RETENTION_PERIOD);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (retention != null) {
            retention.interrupt();
        }
        if (digester != null) {
            digester.interrupt();
        }
    }
}

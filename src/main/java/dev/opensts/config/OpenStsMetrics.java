package dev.opensts.config;

import dev.opensts.app.consistency.ConsistencyCheck;
import dev.opensts.app.iam.Resealer;
import dev.opensts.view.LiveView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * open-sts's own gauges on /q/metrics, for alerts an operator should have: stored policies that no longer
 * compile (each denies everything), and stored secrets not sealed under the key ring's current key (the old
 * key must stay until the first is 0; a secret whose key left the ring is unreadable and locks its owner out).
 */
@Singleton
public class OpenStsMetrics {
    private final MeterRegistry registry;
    private final LiveView view;
    private final Resealer resealer;
    private final ConsistencyCheck consistency;

    OpenStsMetrics(MeterRegistry registry, LiveView view, Resealer resealer, ConsistencyCheck consistency) {
        this.registry = registry;
        this.view = view;
        this.resealer = resealer;
        this.consistency = consistency;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("opensts.policies.uncompilable", view, LiveView::uncompilablePolicies)
                .description("stored policy documents that failed to compile since start (each denies everything)")
                .register(registry);
        Gauge.builder("opensts.keyring.secrets.to.reseal", resealer, r -> r.stale().resealable())
                .description("stored secrets sealed under a key ring key other than the current one")
                .register(registry);
        Gauge.builder("opensts.keyring.secrets.unreadable", resealer, r -> r.stale().unreadable())
                .description("stored secrets sealed under a key the ring no longer holds")
                .register(registry);
        Gauge.builder("opensts.consistency.differences", consistency,
                        c -> c.last() == null ? Double.NaN : c.last().differences().size())
                .description("differences the last consistency check found between the logs and this replica's view,"
                        + " PostgreSQL's read model and the revocation index (NaN before the first check)")
                .register(registry);
        Gauge.builder("opensts.consistency.last.check", consistency,
                        c -> c.last() == null ? Double.NaN : c.last().checkedAt().getEpochSecond())
                .description("when the last consistency check ran, epoch seconds")
                .register(registry);
    }
}

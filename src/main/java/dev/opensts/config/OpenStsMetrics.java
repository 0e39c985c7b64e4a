package dev.opensts.config;

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

    OpenStsMetrics(MeterRegistry registry, LiveView view, Resealer resealer) {
        this.registry = registry;
        this.view = view;
        this.resealer = resealer;
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
    }
}

package dev.opensts.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the live view and the revocation index have caught up with their topics and Kafka answers. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    private final Lifecycle lifecycle;

    ReadinessCheck(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        boolean caughtUp = lifecycle.caughtUp();
        boolean kafka = caughtUp && lifecycle.kafkaReachable();
        return HealthCheckResponse.named("opensts-live-view")
                .status(caughtUp && kafka)
                .withData("caughtUp", caughtUp)
                .withData("kafkaReachable", kafka)
                .build();
    }
}

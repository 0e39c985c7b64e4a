package dev.opensts.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the live view and the revocation index have caught up with their topics and Kafka answers. PostgreSQL
 * is not a condition (the hot path reads only the view, and IAM writes go to Kafka): a projector that fails while
 * the database is away is reported in the data ({@code readModel}), and the replica stays in the Service.
 */
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
                .withData("readModel", lifecycle.readModel())
                .build();
    }
}

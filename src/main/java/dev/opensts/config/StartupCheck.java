package dev.opensts.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started once the live view and the revocation index have caught up with their topics the first time (the
 * bootstrap: the PostgreSQL snapshot, then the topics' tails). A Kubernetes startup probe on /q/health/started
 * holds the liveness probe off for as long as that takes, so a replica bootstrapping a large account base is not
 * restarted for being slow; once started it stays so (a slow broker later is readiness's business, never a restart).
 */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {
    private final Lifecycle lifecycle;
    private volatile boolean started;

    StartupCheck(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        if (!started && lifecycle.caughtUp()) {
            started = true;
        }
        return HealthCheckResponse.named("opensts-bootstrap").status(started).withData("caughtUp", started).build();
    }
}

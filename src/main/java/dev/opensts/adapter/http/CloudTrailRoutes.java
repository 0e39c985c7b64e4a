package dev.opensts.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.audit.Trail;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.trail.LookupEvents;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.sigv4.ExpectedScope;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Mounts CloudTrail's LookupEvents (the JSON 1.1 protocol: POST / with {@code X-Amz-Target}, botocore's cloudtrail
 * model in aws-models/cloudtrail) on the public listener, in front of the Query endpoint, which keeps every request
 * whose {@code X-Amz-Target} is not CloudTrail's. Signed for service {@code cloudtrail} in the regions this deployment serves.
 */
@Singleton
public class CloudTrailRoutes {
    private final CloudTrailEndpoint endpoint;
    private final String targetPrefix;

    CloudTrailRoutes(OpenStsConfig config, Authenticator authenticator, LookupEvents lookupEvents, BodyBudget budget,
                     Trail trail) {
        JsonNode model = load("/aws-models/cloudtrail/service-2.json");
        String prefix = model.path("metadata").path("targetPrefix").asText();
        JsonNode op = model.path("operations").path(CloudTrailEndpoint.LOOKUP_EVENTS);
        if (prefix.isEmpty() || op.isMissingNode()) {
            throw new IllegalStateException("the cloudtrail model has no " + CloudTrailEndpoint.LOOKUP_EVENTS);
        }
        this.targetPrefix = prefix + ".";
        this.endpoint = new CloudTrailEndpoint(prefix, lookupEvents,
                new ExpectedScope("cloudtrail", EksRoutes.regions(config.regions())), authenticator, budget, trail);
    }

    private static JsonNode load(String resource) {
        try (InputStream in = CloudTrailRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mount(@Observes Router router) {
        // before the Query endpoint's route on "/": a request whose X-Amz-Target is not CloudTrail's goes on to it
        // (the Query protocol ignores that header)
        router.route(HttpMethod.POST, "/").order(-1).handler(ctx -> {
            String target = ctx.request().getHeader(CloudTrailEndpoint.TARGET);
            if (target != null && target.startsWith(targetPrefix)) {
                endpoint.collect(ctx);
            } else {
                ctx.next();
            }
        });
    }
}

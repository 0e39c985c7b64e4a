package dev.opensts.adapter.http;

import dev.opensts.adapter.http.eks.EksActions;
import dev.opensts.adapter.http.restjson.RestJsonModel;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.eks.PodIdentityAssociations;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.sigv4.ExpectedScope;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Mounts the EKS API's Pod Identity association operations (rest-json, botocore's eks model in
 * aws-models/eks) on {@code /clusters/*} of the public listener, signed for service {@code eks} in the regions this
 * deployment serves (OPENSTS_REGIONS, as STS).
 */
@Singleton
public class EksRoutes {
    private final RestJsonEndpoint endpoint;

    EksRoutes(OpenStsConfig config, Authenticator authenticator, PodIdentityAssociations associations,
              BodyBudget budget, dev.opensts.app.audit.Trail trail) {
        this.endpoint = new RestJsonEndpoint(load("/aws-models/eks/service-2.json"), EksActions.all(associations),
                new ExpectedScope("eks", regions(config.regions())), authenticator, budget, trail,
                dev.opensts.app.audit.AuditRecord.Service.eks);
    }

    static Set<String> regions(java.util.List<String> configured) {
        var regions = new HashSet<String>();
        for (String r : configured) {
            if (!r.isBlank()) {
                regions.add(r.trim());
            }
        }
        return Set.copyOf(regions);
    }

    static RestJsonModel load(String resource) {
        try (InputStream in = EksRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return RestJsonModel.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mount(@Observes Router router) {
        router.route("/clusters/*").handler(endpoint::collect);
    }
}

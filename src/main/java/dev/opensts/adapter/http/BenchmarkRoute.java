package dev.opensts.adapter.http;

import dev.opensts.settings.OpenStsConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The benchmark's ceiling, off unless OPENSTS_BENCH_STATIC_ROUTE=true: GET /opensts-bench/static answers a fixed
 * AssumeRole-sized document from the same listener, so that deploy/local/bench.sh can measure what the HTTP stack,
 * the kernel and the load generator cost by themselves (docs/performance.md). It reads nothing and issues nothing.
 */
@Singleton
public class BenchmarkRoute {
    private static final Logger LOG = Logger.getLogger(BenchmarkRoute.class);

    private final boolean on;

    BenchmarkRoute(OpenStsConfig config) {
        this.on = config.benchStaticRoute();
    }

    void mount(@Observes Router router) {
        if (!on) {
            return;
        }
        String body = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>ASIAAAAAAAAAAAAAAAAA</AccessKeyId><SecretAccessKey>"
                + "x".repeat(40) + "</SecretAccessKey><SessionToken>" + "y".repeat(600) + "</SessionToken>"
                + "<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>"
                + "<ResponseMetadata><RequestId>static</RequestId></ResponseMetadata></AssumeRoleResponse>";
        router.route(HttpMethod.GET, "/opensts-bench/static").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/xml").end(body));
        LOG.warn("benchmark route /opensts-bench/static is on");
    }
}

package dev.opensts.adapter.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.app.eks.ContainerCredentials;
import dev.opensts.app.sts.Origin;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.text.IsoTime;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The container-credentials endpoint, {@code GET /v1/container-credentials/{accountId}/{clusterName}} on the public
 * listener: what every AWS SDK's container credential provider calls with {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}
 * pointing here and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE} at the pod's projected service-account token,
 * whose content the SDK sends as the raw {@code Authorization} header (a {@code Bearer } prefix is taken too).
 * Answers the JSON the SDKs parse ({@code AccessKeyId, SecretAccessKey, Token, Expiration, AccountId}); errors as
 * {@code {"code", "message"}}: 400 for a malformed request, 401 without a token, 403 for every refusal alike, 503
 * when retrying may help. The token is never logged or echoed. Translation only: {@link ContainerCredentials}
 * decides.
 */
@Singleton
public class ContainerCredentialsRoute {
    private static final Logger LOG = Logger.getLogger(ContainerCredentialsRoute.class);
    static final String PATH = "/v1/container-credentials/:accountId/:clusterName";

    private final ContainerCredentials credentials;

    ContainerCredentialsRoute(ContainerCredentials credentials) {
        this.credentials = credentials;
    }

    void mount(@Observes Router router) {
        router.get(PATH).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String requestId = RequestIds.next();
        try {
            HttpServerRequest r = ctx.request();
            var origin = new Origin(r.remoteAddress() == null ? null : r.remoteAddress().hostAddress(), r.isSSL(),
                    r.getHeader("User-Agent"), Trails.connection(ctx));
            Context loop = Vertx.currentContext();
            credentials.credentials(origin, ctx.pathParam("accountId"), ctx.pathParam("clusterName"),
                            token(r.getHeader("Authorization")), requestId)
                    .subscribe().with(
                            issued -> SignedRequests.onLoop(loop, () -> ok(ctx, issued, requestId)),
                            failure -> SignedRequests.onLoop(loop, () -> error(ctx, failure, requestId)));
        } catch (Throwable failure) {
            error(ctx, failure, requestId);
        }
    }

    /** The token the header carries: as sent, without surrounding whitespace or a {@code Bearer } prefix. */
    static String token(String authorization) {
        if (authorization == null) {
            return null;
        }
        String t = authorization.strip();
        if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
            t = t.substring(7).strip();
        }
        return t;
    }

    /** The answer every SDK's container provider parses; Expiration in ISO 8601 UTC, whole seconds. */
    static ObjectNode body(ContainerCredentials.Issued issued) {
        SessionClaims c = issued.credentials().claims();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("AccessKeyId", c.accessKeyId());
        n.put("SecretAccessKey", c.secretAccessKey());
        n.put("Token", issued.credentials().sessionToken());
        n.put("Expiration", IsoTime.seconds(c.expiresAt()));
        n.put("AccountId", issued.accountId());
        return n;
    }

    private static void ok(RoutingContext ctx, ContainerCredentials.Issued issued, String requestId) {
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .putHeader("x-amzn-RequestId", requestId)
                .end(body(issued).toString());
    }

    static void error(RoutingContext ctx, Throwable failure, String requestId) {
        WireError e = WireError.of(failure, requestId, "container-credentials");
        int status = status(e);
        if (status >= 500) {
            LOG.warnf("request %s container-credentials -> %d %s: %s", requestId, status, e.code(), e.message());
        } else {
            LOG.debugf("request %s container-credentials -> %d %s: %s", requestId, status, e.code(), e.message());
        }
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("x-amzn-RequestId", requestId)
                    .end(JsonNodeFactory.instance.objectNode().put("code", e.code()).put("message", e.message())
                            .toString());
        }
    }

    /** 401 without a token, 403 for a refusal, 400 for a malformed request, 503 retryable, else as the code has it. */
    static int status(WireError e) {
        return switch (e.code()) {
            case "MissingAuthenticationToken" -> 401;
            case "AccessDenied" -> 403;
            case "InvalidRequestException" -> 400;
            case "ServiceUnavailable" -> 503;
            default -> e.status();
        };
    }
}

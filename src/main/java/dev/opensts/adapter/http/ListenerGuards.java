package dev.opensts.adapter.http;

import dev.opensts.adapter.http.query.ErrorDocument;
import dev.opensts.error.ErrorCode;
import dev.opensts.settings.OpenStsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * What the public listener does for every request before any endpoint sees it, and for requests no endpoint
 * takes:
 * <ul>
 *   <li>a deadline for the request to arrive whole (opensts.http.read-timeout, from the moment its headers
 *       are in): a client that sends half a body and stalls loses its connection, instead of holding it and
 *       its buffers for the idle timeout after every byte;</li>
 *   <li>the decision endpoint's bearer token, and its body's declared size (2 MiB at most), are checked before
 *       its body is read, so that a stranger cannot make the replica read and buffer bodies on it;</li>
 *   <li>paths and methods no endpoint serves get AWS's error document (404 NotFound, 405
 *       MethodNotAllowed), never an HTML page.</li>
 * </ul>
 */
@Singleton
public class ListenerGuards {
    private static final Logger LOG = Logger.getLogger(ListenerGuards.class);
    static final String DECISION_PATH = "/opensts/v1/authorize";
    /** A forwarded body of up to 1 MiB in base64, with its request's headers: a decision request is never near. */
    static final long DECISION_MAX_BODY = 2L * 1024 * 1024;

    private static final long SWEEP_MS = 1000;

    private final Vertx vertx;
    private final long readTimeoutMs;
    private final BearerToken decisionToken;

    ListenerGuards(Vertx vertx, OpenStsConfig config) {
        this.vertx = vertx;
        this.readTimeoutMs = Math.max(1, config.http().readTimeout().toMillis());
        this.decisionToken = new BearerToken(config.decisionToken().orElse(null));
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::deadline);
        router.route(DECISION_PATH).order(-999).handler(ctx -> {
            if (!decisionToken.matches(ctx.request().getHeader("Authorization"))) {
                refuseUnread(ctx, 401, DecisionResource.UNAUTHORIZED_JSON);
            } else if (declaredLength(ctx.request()) > DECISION_MAX_BODY) {
                refuseUnread(ctx, 413, "{\"code\":\"RequestEntityTooLarge\",\"message\":\"the request body exceeds "
                        + DECISION_MAX_BODY + " bytes: forward bodySha256 instead of the body\"}");
            } else {
                ctx.next();
            }
        });
        router.errorHandler(404, ctx -> notServed(ctx, ErrorCode.NotFound,
                "No resource is served at this path: the AWS Query protocol is served on '/'."));
        router.errorHandler(405, ctx -> notServed(ctx, ErrorCode.MethodNotAllowed,
                "The method " + ctx.request().method().name() + " is not allowed here: use POST or GET."));
    }

    /** Answers before the body was read: the connection cannot carry another request. */
    private static void refuseUnread(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().end(json);
    }

    private static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Requests still arriving, per event loop, oldest first. One periodic sweep per event loop (every second)
     * closes those past the deadline: cheaper than a timer armed and cancelled for every request.
     */
    private static final class Arriving {
        final java.util.LinkedHashMap<HttpServerRequest, Long> since = new java.util.LinkedHashMap<>();
        boolean swept;
    }

    private final ThreadLocal<Arriving> arriving = ThreadLocal.withInitial(Arriving::new);

    private void deadline(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            Arriving a = arriving.get();
            if (!a.swept) {
                a.swept = true; // the periodic runs on this event loop, as the requests it looks at
                vertx.setPeriodic(SWEEP_MS, id -> sweep(a));
            }
            a.since.put(request, System.nanoTime());
            ctx.addEndHandler(v -> a.since.remove(request));
        }
        ctx.next();
    }

    private void sweep(Arriving a) {
        long now = System.nanoTime();
        long limit = readTimeoutMs * 1_000_000L;
        for (var it = a.since.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now - e.getValue() < limit) {
                break; // the others came later
            }
            it.remove();
            HttpServerRequest request = e.getKey();
            if (!request.isEnded()) {
                LOG.debugf("closing a connection from %s: its request did not arrive within %d ms",
                        request.remoteAddress(), readTimeoutMs);
                if (request.version() == HttpVersion.HTTP_2) {
                    request.response().reset();
                } else {
                    request.connection().close();
                }
            }
        }
    }

    private static void notServed(RoutingContext ctx, ErrorCode code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        String accept = ctx.request().getHeader("Accept");
        boolean json = accept != null && accept.contains("application/json");
        String requestId = RequestIds.next();
        WireError e = WireError.of(code, message);
        ctx.response().setStatusCode(e.status())
                .putHeader("x-amzn-RequestId", requestId)
                .putHeader("Content-Type", json ? "application/json" : "text/xml")
                .end(json ? ErrorDocument.json(e.code(), e.type(), e.message(), requestId)
                        : ErrorDocument.xml("https://iam.amazonaws.com/doc/2010-05-08/", e.code(), e.type(),
                        e.message(), requestId));
    }
}

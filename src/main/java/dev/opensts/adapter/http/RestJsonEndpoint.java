package dev.opensts.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.adapter.http.restjson.RestHandler;
import dev.opensts.adapter.http.restjson.RestInput;
import dev.opensts.adapter.http.restjson.RestJsonModel;
import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import dev.opensts.app.audit.Trail;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.sigv4.ExpectedScope;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Parser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * An endpoint of a rest-json service (EKS): routes a request by the model's method and URI templates, reads its body
 * ({@link BodyReader}), authenticates its SigV4 signature for the service's scope, decodes and checks its input
 * against the model, runs the operation, and writes its JSON with the request id in {@code x-amzn-RequestId}. Every
 * failure is one rest-json error: AWS's status, {@code x-amzn-ErrorType: CODE}, {@code {"message": ...}}, with the
 * code as rest-json services name it ({@link #code}).
 */
final class RestJsonEndpoint {
    private static final Logger LOG = Logger.getLogger(RestJsonEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Pod Identity association with 50 tags of the longest keys and values is about 20 KiB. */
    static final int MAX_BODY = 64 * 1024;

    private final RestJsonModel model;
    private final Map<String, RestHandler> handlers;
    private final ExpectedScope scope;
    private final Authenticator authenticator;
    private final BodyReader reader;
    private final Trail trail;
    private final AuditRecord.Service trailName;

    RestJsonEndpoint(RestJsonModel model, Map<String, RestHandler> handlers, ExpectedScope scope,
                     Authenticator authenticator, BodyBudget budget, Trail trail, AuditRecord.Service trailName) {
        this.trail = trail;
        this.trailName = trailName;
        for (var op : model.operations()) {
            if (!handlers.containsKey(op.name())) {
                throw new IllegalArgumentException("no handler for " + op.name());
            }
        }
        this.model = model;
        this.handlers = Map.copyOf(handlers);
        this.scope = scope;
        this.authenticator = authenticator;
        this.reader = new BodyReader(budget, MAX_BODY);
    }

    void collect(RoutingContext ctx) {
        reader.read(ctx, this::handle, (c, failure) -> error(c, null, failure, RequestIds.next()));
    }

    void handle(RoutingContext ctx, Buffer body) {
        String requestId = RequestIds.next();
        String operation = null;
        try {
            byte[] bytes = body == null ? new byte[0] : body.getBytes();
            String rawQuery = ctx.request().query() == null ? "" : ctx.request().query();
            FormDecoder.requireUriCharacters(rawQuery);
            String rawPath = SignedRequests.rawPath(ctx);
            RestJsonModel.Route route = model.route(ctx.request().method().name(), rawPath);
            if (route == null) {
                throw model.servesPath(rawPath)
                        ? new AwsException(ErrorCode.MethodNotAllowed, "The method " + ctx.request().method().name()
                        + " is not allowed on this resource.")
                        : new AwsException(ErrorCode.NotFound, "No operation is served at this path.");
            }
            operation = route.operation().name();
            HttpRequestView view = SignedRequests.view(ctx, rawQuery, bytes);
            Caller caller;
            try {
                caller = authenticator.authenticate(view, SigV4Parser.parse(view),
                        SignedRequests.info(ctx, requestId, scope));
            } catch (RuntimeException refused) {
                trail.refused(Trails.stranger(trailName, operation, requestId, ctx, view, Map.of()), refused);
                throw refused;
            }
            Call call = Call.of(trailName, operation, requestId, caller, Trails.tls(ctx), Map.of());
            RestInput input;
            try {
                input = model.decode(route, FormDecoder.params(rawQuery, null), bytes);
            } catch (RuntimeException invalid) {
                trail.refused(call, invalid);
                throw invalid;
            }
            final String op = operation;
            Context loop = Vertx.currentContext();
            trail.run(call.withParameters(parameters(input)), () -> handlers.get(op).handle(caller, input, requestId),
                            RestJsonEndpoint::outcome).subscribe().with(
                    result -> SignedRequests.onLoop(loop, () -> ok(ctx, result, requestId)),
                    failure -> SignedRequests.onLoop(loop, () -> error(ctx, op, failure, requestId)));
        } catch (Throwable failure) {
            error(ctx, operation, failure, requestId);
        }
    }

    /** The input's members in lower camel case, strings at most 2,048 characters (the EKS model marks none sensitive). */
    private static Map<String, Object> parameters(RestInput input) {
        var out = new java.util.LinkedHashMap<String, Object>();
        input.values().forEach((k, v) -> {
            if (v != null && !k.isEmpty()) {
                out.put(Character.toLowerCase(k.charAt(0)) + k.substring(1), v instanceof String str
                        && str.length() > AuditRecords.MAX_PARAMETER_CHARS
                        ? str.substring(0, AuditRecords.MAX_PARAMETER_CHARS) : v);
            }
        });
        return out;
    }

    private static final java.util.Set<String> IDENTIFYING = java.util.Set.of("associationArn", "associationId",
            "clusterName", "namespace", "serviceAccount", "roleArn");

    /** A write's association: what identifies it. */
    private static Trail.Outcome outcome(JsonNode result) {
        JsonNode a = result == null ? null : result.get("association");
        if (a == null || !a.isObject()) {
            return Trail.Outcome.NONE;
        }
        var association = new java.util.LinkedHashMap<String, Object>();
        for (String f : IDENTIFYING) {
            if (a.hasNonNull(f)) {
                association.put(f, a.get(f).asText());
            }
        }
        return new Trail.Outcome(Map.of("association", new java.util.TreeMap<>(association)), Map.of(), null);
    }

    private static void ok(RoutingContext ctx, JsonNode result, String requestId) {
        String body;
        try {
            body = JSON.writeValueAsString(result);
        } catch (Exception e) {
            error(ctx, null, e, requestId);
            return;
        }
        ctx.response().setStatusCode(200)
                .putHeader("x-amzn-RequestId", requestId)
                .putHeader("Content-Type", "application/json")
                .end(body);
    }

    static void error(RoutingContext ctx, String operation, Throwable failure, String requestId) {
        WireError e = WireError.of(failure, requestId, operation);
        String code = code(e.code());
        if (e.status() >= 500) {
            LOG.warnf("request %s operation=%s -> %d %s: %s", requestId, operation, e.status(), code, e.message());
        } else {
            LOG.debugf("request %s operation=%s -> %d %s: %s", requestId, operation, e.status(), code, e.message());
        }
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(e.status())
                    .putHeader("x-amzn-RequestId", requestId)
                    .putHeader("x-amzn-ErrorType", code)
                    .putHeader("Content-Type", "application/json")
                    .end(JSON.createObjectNode().put("message", e.message()).toString());
        }
    }

    /**
     * The code as rest-json services name it: their own exceptions as the model has them, and the common ones with
     * the suffix they carry there (AccessDeniedException, ...); the signature's codes as they are.
     */
    static String code(String code) {
        return switch (code) {
            case "AccessDenied" -> "AccessDeniedException";
            case "ServiceFailure" -> "ServerException";
            case "ServiceUnavailable" -> "ServiceUnavailableException";
            case "NotFound" -> "NotFoundException";
            case "MethodNotAllowed" -> "MethodNotAllowedException";
            default -> code;
        };
    }
}

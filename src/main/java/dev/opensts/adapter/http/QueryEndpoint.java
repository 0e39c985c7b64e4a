package dev.opensts.adapter.http;

import dev.opensts.adapter.http.iam.Handler;
import dev.opensts.adapter.http.iam.UnsignedHandler;
import dev.opensts.adapter.http.query.ErrorDocument;
import dev.opensts.adapter.http.query.Operation;
import dev.opensts.adapter.http.query.QueryDecoder;
import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.adapter.http.query.QueryWriter;
import dev.opensts.adapter.http.query.ServiceModel;
import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import dev.opensts.app.audit.Trail;
import io.smallrye.mutiny.Uni;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.auth.AuthorizationMessages;
import dev.opensts.app.auth.RequestInfo;
import dev.opensts.app.sts.Origin;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.sigv4.ExpectedScope;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.ParsedSignature;
import dev.opensts.sigv4.SigV4Exception;
import dev.opensts.sigv4.SigV4Parser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.opensts.adapter.http.SignedRequests.headers;
import static dev.opensts.adapter.http.SignedRequests.onLoop;
import static dev.opensts.adapter.http.SignedRequests.rawPath;

/**
 * The one HTTP endpoint of the AWS Query protocol (POST form or GET query): finds the service by
 * Version and the operation by Action, authenticates the SigV4 signature (except for the operations the model
 * marks unsigned: AssumeRoleWithWebIdentity, whose token is its credential), validates the input
 * against AWS's model, runs the action, and writes AWS's XML (or JSON when asked) with the request
 * id in the body and in x-amzn-RequestId. Every failure is one AWS error document, logged once.
 */
final class QueryEndpoint {
    private static final Logger LOG = Logger.getLogger(QueryEndpoint.class);
    static final int MAX_BODY = 256 * 1024;

    /**
     * A service: its model, its actions, and the credential scope its requests must be signed for; the actions its
     * model marks unsigned apart (an unsigned operation without a handler here is InvalidAction, never run signed).
     */
    record Service(ServiceModel model, Map<String, Handler> actions, Map<String, UnsignedHandler> unsigned,
                   RejectionAudit audit, ExpectedScope scope, AuditRecord.Service trailName,
                   Set<String> selfAudited) {
        Service(ServiceModel model, Map<String, Handler> actions, ExpectedScope scope,
                AuditRecord.Service trailName) {
            this(model, actions, Map.of(), RejectionAudit.NONE, scope, trailName, Set.of());
        }
    }

    /** Told about a request whose input the model rejected, before any handler ran. */
    interface RejectionAudit {
        RejectionAudit NONE = (action, caller, requestId, params, error) -> {
        };

        /** An authenticated request. */
        void rejected(String action, Caller caller, String requestId, Map<String, List<String>> params,
                      AwsException error);

        /** A request of an unsigned operation: nobody is authenticated, only where it came from is known. */
        default void rejected(String action, Origin origin, String requestId, Map<String, List<String>> params,
                              AwsException error) {
        }
    }

    private final Map<String, Service> servicesByVersion;
    private final Authenticator authenticator;
    private final BodyReader reader;
    private final Trail trail;
    private final AuthorizationMessages messages;

    /** @param messages what appends the encoded authorization failure message to an AccessDenied; null for none */
    QueryEndpoint(Map<String, Service> servicesByVersion, Authenticator authenticator, BodyBudget budget,
                  Trail trail, AuthorizationMessages messages) {
        this.servicesByVersion = servicesByVersion;
        this.authenticator = authenticator;
        this.reader = new BodyReader(budget, MAX_BODY);
        this.trail = trail;
        this.messages = messages;
    }

    /** Reads the body (at most {@link #MAX_BODY} bytes, {@link BodyReader}), then handles the request. */
    void collect(RoutingContext ctx) {
        reader.read(ctx, this::handle, (c, failure) -> error(c, null, null, failure, RequestIds.next(), wantsJson(c)));
    }

    void handle(RoutingContext ctx, Buffer body) {
        String requestId = RequestIds.next();
        boolean json = wantsJson(ctx);
        Service service = null;
        String action = null;
        Caller authenticated = null;
        try {
            byte[] bytes = body == null ? new byte[0] : body.getBytes();
            String rawQuery = ctx.request().query() == null ? "" : ctx.request().query();
            FormDecoder.requireUriCharacters(rawQuery);
            if (bytes.length > 0) {
                requireForm(ctx.request().getHeader("Content-Type"));
            }
            Map<String, List<String>> params = FormDecoder.params(rawQuery,
                    bytes.length > 0 ? FormDecoder.utf8(bytes) : null);
            action = first(params, "Action");
            String version = first(params, "Version");
            if (action == null || action.isEmpty()) {
                throw new AwsException(ErrorCode.MissingAction, "Missing Action");
            }
            if (version == null || version.isEmpty()) {
                throw new AwsException(ErrorCode.MissingParameter,
                        "The request must contain the parameter Version");
            }
            service = servicesByVersion.get(version);
            if (service == null) {
                throw AwsException.of(ErrorCode.NoSuchVersion,
                        "The requested version (%s) of service is not available.", abbreviate(version));
            }
            Operation op = service.model().operation(action).orElse(null);
            Handler handler = op == null || op.unsigned() ? null : service.actions().get(op.name());
            UnsignedHandler unsignedHandler = op == null || !op.unsigned() ? null : service.unsigned().get(op.name());
            if (handler == null && unsignedHandler == null) {
                throw AwsException.of(ErrorCode.InvalidAction, "Could not find operation %s for version %s",
                        abbreviate(action), version);
            }
            Context loop = Vertx.currentContext();
            final Service s = service;
            final String a = action;
            if (unsignedHandler != null) {
                // no signature is asked for, and any sent is not looked at: the token in the request is the credential
                HttpServerRequest r = ctx.request();
                var origin = new Origin(r.remoteAddress() == null ? null : r.remoteAddress().hostAddress(), r.isSSL(),
                        r.getHeader("User-Agent"), Trails.connection(ctx));
                QueryInput input;
                try {
                    input = QueryDecoder.decode(op, params);
                } catch (AwsException invalid) {
                    service.audit().rejected(op.name(), origin, requestId, params, invalid);
                    throw invalid;
                }
                unsignedHandler.handle(origin, input, requestId).subscribe().with(
                        result -> onLoop(loop, () -> ok(ctx, s, op, result, requestId, json)),
                        failure -> onLoop(loop, () -> error(ctx, s, a, failure, requestId, json)));
                return;
            }
            HttpRequestView view = new HttpRequestView(ctx.request().method().name(), rawPath(ctx), rawQuery,
                    headers(ctx.request()), bytes);
            Caller caller;
            try {
                ParsedSignature signature = SigV4Parser.parse(view);
                caller = authenticator.authenticate(view, signature, new RequestInfo(requestId,
                        ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress(),
                        ctx.request().isSSL(), ctx.request().getHeader("User-Agent"), service.scope())
                        .withTls(Trails.connection(ctx)));
            } catch (RuntimeException refused) {
                // a stranger's request (bad signature, unknown key): recorded on the read path, as Unknown
                trail.refused(Trails.stranger(service.trailName(), op.name(), requestId, ctx, view,
                        AuditRecords.parameters(params, op::auditable)), refused);
                throw refused;
            }
            authenticated = caller;
            boolean selfAudited = service.selfAudited().contains(op.name());
            Call call = selfAudited ? null : call(service, op, requestId, caller, ctx, null);
            QueryInput input;
            try {
                input = QueryDecoder.decode(op, params);
            } catch (AwsException invalid) {
                if (selfAudited) {
                    service.audit().rejected(op.name(), caller, requestId, params, invalid);
                } else {
                    trail.refused(call(service, op, requestId, caller, ctx,
                            AuditRecords.parameters(params, op::auditable)), invalid);
                }
                throw invalid;
            }
            // an answer may complete on another thread (the Kafka producer's, once the audit record is
            // acknowledged): the response is rendered and written back on the request's event loop,
            // never on the producer's single I/O thread
            Uni<Map<String, Object>> answer = selfAudited ? handler.handle(caller, input, requestId)
                    : trail.run(call.withParameters(input.auditParameters(AuditRecords.MAX_PARAMETER_CHARS)),
                    () -> handler.handle(caller, input, requestId), Trails::outcome);
            answer.subscribe().with(
                    result -> onLoop(loop, () -> ok(ctx, s, op, result, requestId, json)),
                    failure -> onLoop(loop, () -> error(ctx, s, a, withMessage(caller, s, a, failure), requestId,
                            json)));
        } catch (Throwable failure) {
            error(ctx, service, action, withMessage(authenticated, service, action, failure), requestId, json);
        }
    }

    /**
     * An authenticated caller's AccessDenied with its encoded authorization failure message appended, as AWS
     * answers (the audit record, already made, keeps the plain reason); anything else as it is. Only refusals pay.
     */
    private Throwable withMessage(Caller caller, Service s, String action, Throwable failure) {
        if (messages == null || caller == null || s == null) {
            return failure;
        }
        try {
            return messages.attach(caller, s.trailName().name() + ":" + action, failure);
        } catch (RuntimeException e) {
            LOG.warnf("no encoded authorization message for %s: %s", action, e.toString());
            return failure;
        }
    }

    /** The trail's view of an authenticated request; IAM is global, its records name us-east-1 as AWS's do. */
    private static Call call(Service service, Operation op, String requestId, Caller caller, RoutingContext ctx,
                             Map<String, Object> parameters) {
        Call c = Call.of(service.trailName(), op.name(), requestId, caller, Trails.tls(ctx), parameters);
        return service.trailName() == AuditRecord.Service.iam
                ? new Call(c.service(), c.action(), c.requestId(), c.identity(), c.recipientAccountId(), c.sourceIp(),
                c.userAgent(), "us-east-1", c.tls(), c.parameters()) : c;
    }

    /**
     * A body is a form: {@code application/x-www-form-urlencoded}, exactly (any case), with no parameter but a
     * UTF-8 charset. Anything else is refused rather than ignored or guessed at.
     */
    static void requireForm(String contentType) {
        if (contentType != null) {
            String[] parts = contentType.split(";");
            boolean form = parts[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
            for (int i = 1; i < parts.length && form; i++) {
                String param = parts[i].trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
                form = param.isEmpty() || param.equals("charset=utf-8") || param.equals("charset=\"utf-8\"");
            }
            if (form) {
                return;
            }
        }
        throw new AwsException(ErrorCode.MalformedQueryString, "The request body must be "
                + "application/x-www-form-urlencoded in UTF-8, not " + (contentType == null ? "untyped"
                : "'" + abbreviate(contentType) + "'") + ".");
    }

    private static boolean wantsJson(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private void ok(RoutingContext ctx, Service s, Operation op, Map<String, Object> result, String requestId,
                    boolean json) {
        String body = json ? QueryWriter.json(s.model(), op, result, requestId)
                : QueryWriter.xml(s.model(), op, result, requestId);
        ctx.response().setStatusCode(200)
                .putHeader("x-amzn-RequestId", requestId)
                .putHeader("Content-Type", json ? "application/json" : "text/xml")
                .end(body);
    }

    void error(RoutingContext ctx, Service s, String action, Throwable failure, String requestId, boolean json) {
        WireError e = WireError.of(failure, requestId, action);
        if (e.status() >= 500) {
            LOG.warnf("request %s action=%s -> %d %s: %s", requestId, action, e.status(), e.code(), e.message());
        } else {
            LOG.debugf("request %s action=%s -> %d %s: %s", requestId, action, e.status(), e.code(), e.message());
        }
        int status = e.status();
        String ns = s != null ? s.model().xmlNamespace() : "https://iam.amazonaws.com/doc/2010-05-08/";
        String body = json ? ErrorDocument.json(e.code(), e.type(), e.message(), requestId)
                : ErrorDocument.xml(ns, e.code(), e.type(), e.message(), requestId);
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status)
                    .putHeader("x-amzn-RequestId", requestId)
                    .putHeader("Content-Type", json ? "application/json" : "text/xml")
                    .end(body);
        }
    }
}

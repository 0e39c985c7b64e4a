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
import dev.opensts.app.auth.Authenticator;
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
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    /** Most requests (an AssumeRole form is a few hundred bytes) fit; a larger body grows the buffer. */
    private static final int INITIAL_BUFFER = 1024;

    /**
     * A service: its model, its actions, and the credential scope its requests must be signed for; the actions its
     * model marks unsigned apart (an unsigned operation without a handler here is InvalidAction, never run signed).
     */
    record Service(ServiceModel model, Map<String, Handler> actions, Map<String, UnsignedHandler> unsigned,
                   RejectionAudit audit, ExpectedScope scope) {
        Service(ServiceModel model, Map<String, Handler> actions, ExpectedScope scope) {
            this(model, actions, Map.of(), RejectionAudit.NONE, scope);
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
    private final BodyBudget budget;

    QueryEndpoint(Map<String, Service> servicesByVersion, Authenticator authenticator, BodyBudget budget) {
        this.servicesByVersion = servicesByVersion;
        this.authenticator = authenticator;
        this.budget = budget;
    }

    /**
     * Reads the body (at most {@link #MAX_BODY} bytes) as it arrives, then handles the request. No form
     * parser runs ahead of this endpoint: the form is decoded once, by {@link FormDecoder}, since
     * the signature covers the raw bytes anyway. Nothing is reserved for what a client only declares
     * (Content-Length): the buffer grows with the bytes received, and every byte held for a body not yet
     * complete counts against this replica's {@link BodyBudget}, so unauthenticated clients cannot make it
     * hold more than the budget, however many connections they open.
     */
    void collect(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            handle(ctx, null);
            return;
        }
        long declared = contentLength(request.getHeader("Content-Length"));
        if (declared > MAX_BODY) {
            tooLarge(ctx);
            return;
        }
        Buffer body = Buffer.buffer(INITIAL_BUFFER);
        long[] held = {0};
        boolean[] over = {false};
        Runnable release = () -> {
            budget.release(held[0]);
            held[0] = 0;
        };
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY) {
                over[0] = true;
                release.run();
                tooLarge(ctx);
            } else if (!budget.reserve(chunk.length())) {
                over[0] = true;
                release.run();
                closeAfter(ctx, new AwsException(ErrorCode.ServiceUnavailable,
                        "Too many request bodies are in flight; retry shortly."));
            } else {
                held[0] += chunk.length();
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(failure -> LOG.debugf("request body not read: %s", failure.toString()));
        ctx.addEndHandler(v -> release.run()); // also when the connection goes before the body is complete
        request.endHandler(v -> {
            if (!over[0]) {
                release.run();
                handle(ctx, body);
            }
        });
        request.resume();
    }

    private static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void tooLarge(RoutingContext ctx) {
        closeAfter(ctx, new AwsException(ErrorCode.RequestEntityTooLarge,
                "The request body exceeds the limit of " + MAX_BODY + " bytes."));
    }

    /** Answers the error before the body was read whole: the connection cannot carry another request. */
    private void closeAfter(RoutingContext ctx, AwsException failure) {
        if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            ctx.response().putHeader("Connection", "close");
        }
        error(ctx, null, null, failure, RequestIds.next(), wantsJson(ctx));
    }

    void handle(RoutingContext ctx, Buffer body) {
        String requestId = RequestIds.next();
        boolean json = wantsJson(ctx);
        Service service = null;
        String action = null;
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
                        r.getHeader("User-Agent"));
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
            ParsedSignature signature = SigV4Parser.parse(view);
            Caller caller = authenticator.authenticate(view, signature, new RequestInfo(requestId,
                    ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress(),
                    ctx.request().isSSL(), ctx.request().getHeader("User-Agent"), service.scope()));
            QueryInput input;
            try {
                input = QueryDecoder.decode(op, params);
            } catch (AwsException invalid) {
                service.audit().rejected(op.name(), caller, requestId, params, invalid);
                throw invalid;
            }
            // an answer may complete on another thread (the Kafka producer's, once the audit record is
            // acknowledged): the response is rendered and written back on the request's event loop,
            // never on the producer's single I/O thread
            handler.handle(caller, input, requestId).subscribe().with(
                    result -> onLoop(loop, () -> ok(ctx, s, op, result, requestId, json)),
                    failure -> onLoop(loop, () -> error(ctx, s, a, failure, requestId, json)));
        } catch (Throwable failure) {
            error(ctx, service, action, failure, requestId, json);
        }
    }

    private static void onLoop(Context loop, Runnable answer) {
        if (loop == null || Context.isOnEventLoopThread()) {
            answer.run();
        } else {
            loop.runOnContext(v -> answer.run());
        }
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

    private static String rawPath(RoutingContext ctx) {
        String uri = ctx.request().uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /**
     * The request's headers as the client signed them. Over HTTP/2 (also after an h2c upgrade, which
     * java.net.http and other clients attempt on http://) the host travels as the :authority
     * pseudo-header and Vert.x has no Host header: it is put back, since every SigV4 signature covers it.
     */
    private static List<Map.Entry<String, String>> headers(HttpServerRequest request) {
        MultiMap headers = request.headers();
        var list = new ArrayList<Map.Entry<String, String>>(headers.size() + 1);
        for (Map.Entry<String, String> h : headers) {
            list.add(new AbstractMap.SimpleImmutableEntry<>(h.getKey(), h.getValue()));
        }
        if (!headers.contains("Host") && request.authority() != null) {
            HostAndPort a = request.authority();
            list.add(new AbstractMap.SimpleImmutableEntry<>("host", a.port() < 0 ? a.host() : a.host() + ":" + a.port()));
        }
        return list;
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

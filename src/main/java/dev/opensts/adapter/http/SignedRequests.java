package dev.opensts.adapter.http;

import dev.opensts.app.auth.RequestInfo;
import dev.opensts.sigv4.ExpectedScope;
import dev.opensts.sigv4.HttpRequestView;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Vert.x request as the authenticator reads it: what the client signed, and what the transport knows. */
final class SignedRequests {
    private SignedRequests() {
    }

    /** The request as signed: method, raw path and query, headers, body bytes. */
    static HttpRequestView view(RoutingContext ctx, String rawQuery, byte[] body) {
        return new HttpRequestView(ctx.request().method().name(), rawPath(ctx), rawQuery, headers(ctx.request()),
                body);
    }

    /** The transport's facts for condition keys and the audit trail, and the scope the signature must have. */
    static RequestInfo info(RoutingContext ctx, String requestId, ExpectedScope scope) {
        HttpServerRequest r = ctx.request();
        return new RequestInfo(requestId, r.remoteAddress() == null ? null : r.remoteAddress().hostAddress(), r.isSSL(),
                r.getHeader("User-Agent"), scope).withTls(Trails.connection(ctx));
    }

    /** The path as sent, before any decoding (what a signature covers). */
    static String rawPath(RoutingContext ctx) {
        String uri = ctx.request().uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /**
     * The request's headers as the client signed them. Over HTTP/2 (also after an h2c upgrade, which
     * java.net.http and other clients attempt on http://) the host travels as the :authority
     * pseudo-header and Vert.x has no Host header: it is put back, since every SigV4 signature covers it.
     */
    static List<Map.Entry<String, String>> headers(HttpServerRequest request) {
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

    /**
     * Runs an answer on the request's event loop: a use case may complete on another thread (the Kafka producer's,
     * once an audit record or event is acknowledged), whose single I/O thread must never render or write responses.
     */
    static void onLoop(Context loop, Runnable answer) {
        if (loop == null || Context.isOnEventLoopThread()) {
            answer.run();
        } else {
            loop.runOnContext(v -> answer.run());
        }
    }
}

package dev.opensts.adapter.http;

import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import dev.opensts.app.audit.Trail;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.ParsedSignature;
import dev.opensts.sigv4.SigV4Parser;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import javax.net.ssl.SSLSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What the HTTP adapters tell the audit trail about a request: TLS, a stranger's identity, a result's outcome. */
final class Trails {
    private static final Pattern KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    /**
     * The members of a result that identify what a write made or changed, in any of its structures; nothing else of
     * a result is repeated (so no secret access key, password or private key ever is).
     */
    private static final Set<String> IDENTIFYING = Set.of("Arn", "Path", "RoleId", "RoleName", "UserId", "UserName",
            "PolicyId", "PolicyName", "DefaultVersionId", "VersionId", "IsDefaultVersion", "AccessKeyId", "Status",
            "CreateDate", "OpenIDConnectProviderArn", "RevocationId", "EffectiveAt", "AssumedRoleId",
            "InstanceProfileName", "InstanceProfileId", "SerialNumber");

    private Trails() {
    }

    /** CloudTrail's tlsDetails of the request's connection; null over plain HTTP. */
    static AuditRecord.TlsDetails tls(RoutingContext ctx) {
        return AuditRecords.tls(connection(ctx));
    }

    /** The request's TLS connection as the use cases carry it; null over plain HTTP. */
    static dev.opensts.app.Tls connection(RoutingContext ctx) {
        HttpServerRequest r = ctx.request();
        if (!r.isSSL()) {
            return null;
        }
        SSLSession s = r.sslSession();
        return new dev.opensts.app.Tls(s == null ? null : s.getProtocol(), s == null ? null : s.getCipherSuite(),
                r.getHeader("Host"));
    }

    static String sourceIp(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }

    /**
     * A request refused before it was authenticated: its identity is Unknown, with the access key id it named when
     * that looks like one; its record is keyed by {@link AuditRecords#NO_ACCOUNT}.
     */
    static Call stranger(AuditRecord.Service service, String action, String requestId, RoutingContext ctx,
                         HttpRequestView view, Map<String, Object> parameters) {
        String keyId = null;
        String region = null;
        try {
            ParsedSignature p = SigV4Parser.parse(view);
            keyId = p.accessKeyId() != null && KEY_ID.matcher(p.accessKeyId()).matches() ? p.accessKeyId() : null;
            region = p.region() != null && p.region().length() <= 32 ? p.region() : null;
        } catch (RuntimeException unsigned) {
            // no signature to read a key id from
        }
        return new Call(service, action, requestId, AuditRecords.unknown(keyId), AuditRecords.NO_ACCOUNT,
                sourceIp(ctx), ctx.request().getHeader("User-Agent"), region, tls(ctx), parameters);
    }

    /**
     * A Query action's result as its record's outcome: the identifying members of each structure in it (lower
     * camel case), RevokeSessions's revocation id also under additionalEventData.
     */
    static Trail.Outcome outcome(Map<String, Object> result) {
        Map<String, Object> elements = identifying(result);
        Map<String, Object> additional = result.get("RevocationId") instanceof String id
                ? Map.of("revocationId", id) : Map.of();
        return new Trail.Outcome(elements.isEmpty() ? null : elements, additional, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> identifying(Map<String, Object> m) {
        var out = new LinkedHashMap<String, Object>();
        m.forEach((k, v) -> {
            String name = k.isEmpty() ? k : Character.toLowerCase(k.charAt(0)) + k.substring(1);
            if (v instanceof Map<?, ?> nested) {
                Map<String, Object> inner = identifying((Map<String, Object>) nested);
                if (!inner.isEmpty()) {
                    out.put(name, inner);
                }
            } else if (IDENTIFYING.contains(k) && !(v instanceof List<?>)) {
                out.put(name, v);
            }
        });
        return out;
    }
}

package dev.opensts.app.auth;

import dev.opensts.sigv4.ExpectedScope;

/**
 * What the transport knows about a request, for policy condition keys and the audit trail, and how to verify its
 * signature.
 *
 * @param requestId     the request's id (for the records its authentication may write)
 * @param scope         the service and regions the signature must be scoped to
 * @param normalizePath false only for S3-style services, which sign the path as sent
 * @param payloadHash   the canonical request's payload-hash line when the caller established it (the decision
 *                      endpoint, see {@link dev.opensts.sigv4.ForwardedPayloadHash}); null: from the body
 * @param tls           the TLS connection (the audit record's tlsDetails); null over plain HTTP or when unknown
 */
public record RequestInfo(String requestId, String sourceIp, boolean secure, String userAgent, ExpectedScope scope,
                          boolean normalizePath, String payloadHash, dev.opensts.app.Tls tls) {
    /** The Query protocol's requests: normalized path, payload hash from the body. */
    public RequestInfo(String requestId, String sourceIp, boolean secure, String userAgent, ExpectedScope scope) {
        this(requestId, sourceIp, secure, userAgent, scope, true, null, null);
    }

    public RequestInfo(String requestId, String sourceIp, boolean secure, String userAgent, ExpectedScope scope,
                       boolean normalizePath, String payloadHash) {
        this(requestId, sourceIp, secure, userAgent, scope, normalizePath, payloadHash, null);
    }

    /** The same request over the given TLS connection. */
    public RequestInfo withTls(dev.opensts.app.Tls connection) {
        return new RequestInfo(requestId, sourceIp, secure, userAgent, scope, normalizePath, payloadHash, connection);
    }
}

package dev.opensts.sigv4;

import java.util.List;

/** Builds the canonical request from what was received; shared by the verifier and the signer. */
final class Canonicalizer {

    private Canonicalizer() {
    }

    /**
     * @param presigned    leaves X-Amz-Signature out of the canonical query
     * @param excludeToken also leaves X-Amz-Security-Token out (token appended after signing)
     */
    static CanonicalRequest build(HttpRequestView req, List<String> signedHeaders, boolean presigned,
                                  boolean excludeToken, boolean normalizePath, String payloadHash) {
        List<QueryParameter> params = QueryParameter.parse(req.rawQuery());
        String query;
        if (!presigned) {
            query = CanonicalQuery.of(params);
        } else if (excludeToken) {
            query = CanonicalQuery.of(params, SigV4Constants.Q_SIGNATURE, SigV4Constants.Q_SECURITY_TOKEN);
        } else {
            query = CanonicalQuery.of(params, SigV4Constants.Q_SIGNATURE);
        }
        return new CanonicalRequest(req.method(), CanonicalPath.of(req.rawPath(), normalizePath), query,
                CanonicalHeaders.of(req, signedHeaders), signedHeaders, payloadHash);
    }
}

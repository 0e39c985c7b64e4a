package dev.opensts.sigv4;

/**
 * The last line of the canonical request. Policy (stricter than AWS's non-S3 endpoints, on purpose):
 * <ul>
 *   <li>no x-amz-content-sha256 header: SHA-256 of the body we received (the AWS CLI sends none);</li>
 *   <li>a hex digest: used as sent, but it must equal the SHA-256 of the body -- otherwise a replayed
 *       signature could carry a different STS/IAM form body, since for the Query protocol the body
 *       holds every parameter;</li>
 *   <li>UNSIGNED-PAYLOAD: only for an empty body (presigned GETs), for the same reason.</li>
 * </ul>
 * Violations answer XAmzContentSHA256Mismatch 400, the code S3 uses for this check.
 */
final class PayloadHash {

    private PayloadHash() {
    }

    static String forVerification(HttpRequestView req) {
        String actual = Crypto.sha256Hex(req.body());
        String declared = req.header(SigV4Constants.X_AMZ_CONTENT_SHA256);
        if (declared == null) {
            return actual;
        }
        String d = declared.trim();
        if (d.equals(SigV4Constants.UNSIGNED_PAYLOAD)) {
            if (req.body().length == 0) {
                return d;
            }
            throw SigV4Errors.contentSha256Mismatch();
        }
        if (!d.equalsIgnoreCase(actual)) {
            throw SigV4Errors.contentSha256Mismatch();
        }
        return d;
    }
}

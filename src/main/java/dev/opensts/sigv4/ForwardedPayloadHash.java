package dev.opensts.sigv4;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The payload-hash line of the canonical request for a request that a resource service forwards to the decision
 * endpoint, either with its body or with only the body's SHA-256 (so that a large object need not travel twice).
 * This only decides which hash the signature must cover; the signature itself is always checked with the secret
 * that open-sts holds, so a forwarder that lies about the hash gets a mismatch, never an Allow.
 * <ul>
 *   <li>x-amz-content-sha256 present and a hex digest: used as signed; it must equal the SHA-256 of the body or
 *       the given {@code bodySha256} when either is given (else XAmzContentSHA256Mismatch);</li>
 *   <li>x-amz-content-sha256 = UNSIGNED-PAYLOAD: used as signed; the body is then not covered by the signature,
 *       exactly as with S3 (the resource service knows this from the header);</li>
 *   <li>other values (the STREAMING-* chunked modes): refused, since chunk signatures need the secret;</li>
 *   <li>no header: the given {@code bodySha256}, else the SHA-256 of the body; for an S3 presigned URL,
 *       UNSIGNED-PAYLOAD, as S3 defines.</li>
 *   <li>neither body nor bodySha256 forwarded: the body is empty.</li>
 * </ul>
 */
public final class ForwardedPayloadHash {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private ForwardedPayloadHash() {
    }

    /**
     * @param body       the forwarded body, or null when only its hash was forwarded
     * @param bodySha256 hex SHA-256 of the body as the forwarder computed it, or null
     * @throws SigV4Exception XAmzContentSHA256Mismatch when the hashes disagree
     * @throws IllegalArgumentException when bodySha256 is not 64 hex digits or the header names a streaming mode
     */
    public static String of(HttpRequestView req, byte[] body, String bodySha256) {
        return of(req, body, bodySha256, false);
    }

    /**
     * @param presignedS3 a presigned URL of an S3-style service: without x-amz-content-sha256 its canonical
     *                    request carries UNSIGNED-PAYLOAD, as S3 defines (other services hash the body)
     */
    public static String of(HttpRequestView req, byte[] body, String bodySha256, boolean presignedS3) {
        if (bodySha256 != null && !HEX64.matcher(bodySha256).matches()) {
            throw new IllegalArgumentException("bodySha256 must be 64 hexadecimal digits");
        }
        String known = body != null ? Crypto.sha256Hex(body)
                : bodySha256 != null ? bodySha256.toLowerCase(Locale.ROOT) : Crypto.sha256Hex(new byte[0]);
        if (body != null && bodySha256 != null && !known.equalsIgnoreCase(bodySha256)) {
            throw SigV4Errors.contentSha256Mismatch();
        }
        String declared = req.header(SigV4Constants.X_AMZ_CONTENT_SHA256);
        if (declared == null) {
            return presignedS3 ? SigV4Constants.UNSIGNED_PAYLOAD : known;
        }
        String d = declared.trim();
        if (d.equals(SigV4Constants.UNSIGNED_PAYLOAD)) {
            return d;
        }
        if (!HEX64.matcher(d).matches()) {
            throw new IllegalArgumentException("x-amz-content-sha256 '" + abbreviate(d)
                    + "' is not supported by the decision endpoint (only a hex digest or UNSIGNED-PAYLOAD)");
        }
        if (!d.equalsIgnoreCase(known)) {
            throw SigV4Errors.contentSha256Mismatch();
        }
        return d;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}

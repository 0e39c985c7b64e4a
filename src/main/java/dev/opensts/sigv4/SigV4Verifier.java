package dev.opensts.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Phase 2: checks a {@link ParsedSignature} against the secret the caller looked up for its access key.
 * Checks run cheapest first -- scope date, clock, payload hash, then the HMAC -- and every failure is a
 * {@link SigV4Exception} carrying the AWS code. Region and service are not checked here: the caller
 * knows which ones it serves (STS/IAM accept us-east-1 and aws-global, for instance).
 */
public final class SigV4Verifier {

    private final Clock clock;
    private final SigningKeyCache cache;

    public SigV4Verifier(Clock clock, SigningKeyCache cache) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** Verifies with path normalisation on, as every non-S3 service (STS, IAM) requires. */
    public void verify(HttpRequestView req, ParsedSignature sig, String secretAccessKey) throws SigV4Exception {
        verify(req, sig, secretAccessKey, true);
    }

    /** @param normalizePath true for STS/IAM; false only for S3-style services, which sign the path as sent */
    public void verify(HttpRequestView req, ParsedSignature sig, String secretAccessKey, boolean normalizePath)
            throws SigV4Exception {
        verify(req, sig, secretAccessKey, normalizePath, null);
    }

    /**
     * @param payloadHash the last line of the canonical request when the caller established it itself (a request
     *                    forwarded to the decision endpoint, see {@link ForwardedPayloadHash}); null: derived from
     *                    the request's body and x-amz-content-sha256 by the Query protocol's rules. Either way the
     *                    HMAC is computed with {@code secretAccessKey}, which only this service knows.
     */
    public void verify(HttpRequestView req, ParsedSignature sig, String secretAccessKey, boolean normalizePath,
                       String payloadHash) throws SigV4Exception {
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        checkScopeDate(sig);
        checkTime(sig, clock.instant());
        if (payloadHash == null) {
            payloadHash = PayloadHash.forVerification(req);
        }
        byte[] key = cache.signingKey(secretAccessKey, sig.date(), sig.region(), sig.service());
        try {
            if (matches(req, sig, key, normalizePath, payloadHash, false)) {
                return;
            }
            // The suite's omit_session_token case (and some older SDKs) append X-Amz-Security-Token to a
            // presigned URL after signing. Accepting that is safe: the token is itself a credential that
            // the caller must check against the access key, whose secret did sign the rest of the request.
            if (sig.presigned() && hasQueryToken(req)
                    && matches(req, sig, key, normalizePath, payloadHash, true)) {
                return;
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        throw SigV4Errors.signatureMismatch();
    }

    /**
     * The canonical request the verifier rebuilds; package-private for the test-suite comparison.
     * excludeToken: the second attempt for a presigned URL whose token was appended after signing.
     */
    CanonicalRequest canonicalRequest(HttpRequestView req, ParsedSignature sig, boolean normalizePath,
                                      boolean excludeToken) {
        return Canonicalizer.build(req, sig.signedHeaders(), sig.presigned(), excludeToken, normalizePath,
                PayloadHash.forVerification(req));
    }

    private boolean matches(HttpRequestView req, ParsedSignature sig, byte[] key, boolean normalizePath,
                            String payloadHash, boolean excludeToken) {
        CanonicalRequest canonical = Canonicalizer.build(req, sig.signedHeaders(), sig.presigned(), excludeToken,
                normalizePath, payloadHash);
        String expected = Crypto.hex(Crypto.hmac(key, StringToSign.of(sig.requestTime(), sig.credentialScope(), canonical)));
        // Constant time: a timing side channel must not reveal how many leading characters were right.
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sig.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private static void checkScopeDate(ParsedSignature sig) {
        String day = AmzDate.day(sig.requestTime());
        if (!day.equals(sig.date())) {
            throw SigV4Errors.scopeDateMismatch(sig.date(), day, AmzDate.format(sig.requestTime()));
        }
    }

    /**
     * Header auth: at most 15 minutes either side of our clock. Presigned: not in the future beyond the
     * same skew, and not after X-Amz-Date + X-Amz-Expires.
     */
    private static void checkTime(ParsedSignature sig, Instant now) {
        Instant t = sig.requestTime();
        if (t.isAfter(now.plus(SigV4Constants.MAX_SKEW))) {
            throw SigV4Errors.notYetCurrent(t, now);
        }
        if (sig.presigned()) {
            if (now.isAfter(t.plus(sig.expires()))) {
                throw SigV4Errors.expired(t, now, sig.expires());
            }
        } else if (t.isBefore(now.minus(SigV4Constants.MAX_SKEW))) {
            throw SigV4Errors.expired(t, now, SigV4Constants.MAX_SKEW);
        }
    }

    private static boolean hasQueryToken(HttpRequestView req) {
        return QueryParameter.first(QueryParameter.parse(req.rawQuery()), SigV4Constants.Q_SECURITY_TOKEN) != null;
    }
}

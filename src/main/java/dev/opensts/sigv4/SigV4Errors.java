package dev.opensts.sigv4;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every failure the verifier can report, with the code, status and wording AWS Query endpoints
 * (STS/IAM) use. Nothing here may take a secret, a signing key or a security token as input.
 */
final class SigV4Errors {

    static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationToken";
    static final String INCOMPLETE_SIGNATURE = "IncompleteSignature";
    static final String SIGNATURE_DOES_NOT_MATCH = "SignatureDoesNotMatch";
    static final String AUTHORIZATION_QUERY_PARAMETERS_ERROR = "AuthorizationQueryParametersError";
    static final String CONTENT_SHA256_MISMATCH = "XAmzContentSHA256Mismatch";
    static final String MALFORMED_QUERY_STRING = "MalformedQueryString";
    static final String INVALID_URI = "InvalidURI";

    private SigV4Errors() {
    }

    static SigV4Exception missingAuthenticationToken() {
        return new SigV4Exception(MISSING_AUTHENTICATION_TOKEN, 403, "Request is missing Authentication Token");
    }

    /** Each missing piece gets its own sentence, as AWS does. */
    static SigV4Exception authorizationHeaderIncomplete(List<String> missingParameters, boolean missingDate) {
        StringBuilder m = new StringBuilder();
        for (String p : missingParameters) {
            m.append("Authorization header requires '").append(p).append("' parameter. ");
        }
        if (missingDate) {
            m.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        return incomplete(m.toString().trim());
    }

    static SigV4Exception notKeyValuePair(String pair) {
        return incomplete("'" + pair + "' not a valid key=value pair (missing equal-sign) in Authorization header.");
    }

    static SigV4Exception unsupportedAlgorithm(String algorithm) {
        return incomplete("Unsupported AWS 'algorithm': '" + abbreviate(algorithm) + "'.");
    }

    static SigV4Exception queryParametersIncomplete(List<String> missing) {
        StringBuilder m = new StringBuilder();
        for (String p : missing) {
            m.append("AWS query-string parameters must include '").append(p).append("'. ");
        }
        return incomplete(m.append("Re-examine the query-string parameters.").toString());
    }

    static SigV4Exception credentialElements(String credential) {
        return incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                + abbreviate(credential) + "'");
    }

    static SigV4Exception credentialTerminator(String terminator) {
        return incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                + abbreviate(terminator) + "'.");
    }

    static SigV4Exception dateFormat(String value) {
        return incomplete("Date must be in ISO-8601 'basic format'. Got '" + abbreviate(value)
                + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    static SigV4Exception hostNotSigned() {
        return incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }

    static SigV4Exception scopeDateMismatch(String scopeDate, String requestDay, String amzDate) {
        return mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                + abbreviate(scopeDate) + "' != '" + requestDay + "', from '" + amzDate + "'.");
    }

    /** window: 15 minutes for header auth ("15 min." as AWS prints it), X-Amz-Expires for presigned ("N sec."). */
    static SigV4Exception expired(Instant requestTime, Instant now, Duration window) {
        String label = window.equals(SigV4Constants.MAX_SKEW) ? "15 min." : window.toSeconds() + " sec.";
        return mismatch("Signature expired: " + AmzDate.format(requestTime) + " is now earlier than "
                + AmzDate.format(now.minus(window)) + " (" + AmzDate.format(now) + " - " + label + ")");
    }

    static SigV4Exception notYetCurrent(Instant requestTime, Instant now) {
        return mismatch("Signature not yet current: " + AmzDate.format(requestTime) + " is still later than "
                + AmzDate.format(now.plus(SigV4Constants.MAX_SKEW)) + " (" + AmzDate.format(now) + " + 15 min.)");
    }

    static SigV4Exception wrongService(String expected) {
        return mismatch("Credential should be scoped to correct service: '" + expected + "'.");
    }

    static SigV4Exception wrongRegion(String got) {
        return mismatch("Credential should be scoped to a valid region, not '" + abbreviate(got) + "'.");
    }

    static SigV4Exception signatureMismatch() {
        return mismatch("The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    static SigV4Exception expiresNotANumber() {
        return new SigV4Exception(AUTHORIZATION_QUERY_PARAMETERS_ERROR, 400, "X-Amz-Expires should be a number");
    }

    static SigV4Exception expiresTooSmall() {
        return new SigV4Exception(AUTHORIZATION_QUERY_PARAMETERS_ERROR, 400, "X-Amz-Expires must be non-negative");
    }

    static SigV4Exception expiresTooLarge() {
        return new SigV4Exception(AUTHORIZATION_QUERY_PARAMETERS_ERROR, 400,
                "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds");
    }

    static SigV4Exception malformedEscape(String code) {
        return new SigV4Exception(code, 400, code.equals(INVALID_URI)
                ? "Couldn't parse the specified URI: a '%' must start a two-digit hexadecimal escape."
                : "The request is not well formed: a '%' must start a two-digit hexadecimal escape.");
    }

    static SigV4Exception contentSha256Mismatch() {
        return new SigV4Exception(CONTENT_SHA256_MISMATCH, 400,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    private static SigV4Exception incomplete(String message) {
        return new SigV4Exception(INCOMPLETE_SIGNATURE, 400, message);
    }

    private static SigV4Exception mismatch(String message) {
        return new SigV4Exception(SIGNATURE_DOES_NOT_MATCH, 403, message);
    }

    /** Client-controlled text echoed back is cut short so an error cannot be used to reflect large payloads. */
    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 128 ? s : s.substring(0, 128) + "...";
    }
}

package dev.opensts.sigv4;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase 1: finds who signed, for which scope and when -- from the Authorization header or from the
 * X-Amz-* presign query parameters. Needs no secret, so the caller can look the secret up afterwards.
 * Structural problems are reported here; everything that needs the clock or the secret is left to
 * {@link SigV4Verifier}.
 */
public final class SigV4Parser {

    private SigV4Parser() {
    }

    public static ParsedSignature parse(HttpRequestView req) throws SigV4Exception {
        String authorization = req.header(SigV4Constants.AUTHORIZATION);
        List<QueryParameter> query = QueryParameter.parse(req.rawQuery());
        // The header wins when both are present: its signature covers the whole query string anyway.
        if (authorization != null) {
            return parseHeader(req, authorization, query);
        }
        if (QueryParameter.first(query, SigV4Constants.Q_ALGORITHM) != null) {
            return parseQuery(req, query);
        }
        throw SigV4Errors.missingAuthenticationToken();
    }

    private static ParsedSignature parseHeader(HttpRequestView req, String authorization, List<QueryParameter> query) {
        String value = authorization.trim();
        int space = indexOfWhitespace(value);
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!algorithm.equals(SigV4Constants.ALGORITHM)) {
            throw SigV4Errors.unsupportedAlgorithm(algorithm);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : (space < 0 ? "" : value.substring(space + 1)).split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw SigV4Errors.notKeyValuePair(p);
            }
            String k = p.substring(0, eq).trim();
            String v = p.substring(eq + 1).trim();
            switch (k) {
                case "Credential" -> credential = credential == null ? v : credential;
                case "SignedHeaders" -> signedHeaders = signedHeaders == null ? v : signedHeaders;
                case "Signature" -> signature = signature == null ? v : signature;
                default -> { } // AWS ignores unknown components
            }
        }
        List<String> missing = new ArrayList<>(3);
        if (credential == null || credential.isEmpty()) {
            missing.add("Credential");
        }
        if (signature == null || signature.isEmpty()) {
            missing.add("Signature");
        }
        if (signedHeaders == null || signedHeaders.isEmpty()) {
            missing.add("SignedHeaders");
        }
        String amzDate = req.header(SigV4Constants.X_AMZ_DATE);
        String date = req.header(SigV4Constants.DATE);
        boolean missingDate = amzDate == null && date == null;
        if (!missing.isEmpty() || missingDate) {
            throw SigV4Errors.authorizationHeaderIncomplete(missing, missingDate);
        }
        Scope scope = Scope.parse(credential);
        List<String> headers = signedHeaders(signedHeaders);
        Instant requestTime = amzDate != null ? AmzDate.parseAmzDate(amzDate.trim()) : AmzDate.parseDateHeader(date);
        String token = req.header(SigV4Constants.X_AMZ_SECURITY_TOKEN);
        if (token == null) {
            token = QueryParameter.first(query, SigV4Constants.Q_SECURITY_TOKEN);
        }
        return new ParsedSignature(scope.accessKeyId(), scope.date(), scope.region(), scope.service(), headers,
                signature, requestTime, false, null, token);
    }

    private static ParsedSignature parseQuery(HttpRequestView req, List<QueryParameter> query) {
        String algorithm = QueryParameter.first(query, SigV4Constants.Q_ALGORITHM);
        if (!algorithm.equals(SigV4Constants.ALGORITHM)) {
            throw SigV4Errors.unsupportedAlgorithm(algorithm);
        }
        String credential = QueryParameter.first(query, SigV4Constants.Q_CREDENTIAL);
        String amzDate = QueryParameter.first(query, SigV4Constants.Q_DATE);
        String signedHeaders = QueryParameter.first(query, SigV4Constants.Q_SIGNED_HEADERS);
        String signature = QueryParameter.first(query, SigV4Constants.Q_SIGNATURE);
        List<String> missing = new ArrayList<>(4);
        addIfBlank(missing, credential, SigV4Constants.Q_CREDENTIAL);
        addIfBlank(missing, signature, SigV4Constants.Q_SIGNATURE);
        addIfBlank(missing, signedHeaders, SigV4Constants.Q_SIGNED_HEADERS);
        addIfBlank(missing, amzDate, SigV4Constants.Q_DATE);
        if (!missing.isEmpty()) {
            throw SigV4Errors.queryParametersIncomplete(missing);
        }
        Duration expires = expires(QueryParameter.first(query, SigV4Constants.Q_EXPIRES));
        Scope scope = Scope.parse(credential);
        List<String> headers = signedHeaders(signedHeaders);
        Instant requestTime = AmzDate.parseAmzDate(amzDate);
        String token = QueryParameter.first(query, SigV4Constants.Q_SECURITY_TOKEN);
        if (token == null) {
            token = req.header(SigV4Constants.X_AMZ_SECURITY_TOKEN);
        }
        return new ParsedSignature(scope.accessKeyId(), scope.date(), scope.region(), scope.service(), headers,
                signature, requestTime, true, expires, token);
    }

    /** AWS caps X-Amz-Expires at one week: a signing key is only valid for seven days. */
    private static Duration expires(String raw) {
        if (raw == null) {
            return SigV4Constants.DEFAULT_PRESIGN_EXPIRES;
        }
        long seconds;
        try {
            seconds = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw SigV4Errors.expiresNotANumber();
        }
        if (seconds < 1) {
            throw SigV4Errors.expiresTooSmall();
        }
        if (seconds > SigV4Constants.MAX_EXPIRES_SECONDS) {
            throw SigV4Errors.expiresTooLarge();
        }
        return Duration.ofSeconds(seconds);
    }

    /** Names as listed (the client signed that exact line); host must be among them, AWS refuses otherwise. */
    private static List<String> signedHeaders(String raw) {
        List<String> names = new ArrayList<>();
        boolean host = false;
        for (String n : raw.split(";")) {
            String name = n.trim();
            if (!name.isEmpty()) {
                names.add(name);
                host |= name.equalsIgnoreCase(SigV4Constants.HOST);
            }
        }
        if (!host) {
            throw SigV4Errors.hostNotSigned();
        }
        return names;
    }

    private static void addIfBlank(List<String> missing, String value, String name) {
        if (value == null || value.isBlank()) {
            missing.add(name);
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}

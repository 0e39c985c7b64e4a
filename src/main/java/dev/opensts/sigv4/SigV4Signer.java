package dev.opensts.sigv4;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Client side of SigV4, for tests and tooling: signs with the Authorization header or produces a presigned
 * request (X-Amz-* query parameters). Every header present is signed. The output reproduces the aws-c-auth
 * suite's {@code header-signed-request.txt} / {@code query-signed-request.txt}, header order included.
 */
public final class SigV4Signer {

    private final SigningKeyCache cache;

    public SigV4Signer(SigningKeyCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** Adds [X-Amz-Security-Token], X-Amz-Date, [x-amz-content-sha256] and Authorization headers. */
    public HttpRequestView signWithHeaders(HttpRequestView req, SigningCredentials creds, String region, String service,
                                           Instant time, SigningOptions options) {
        List<Map.Entry<String, String>> headers = withoutAuthHeaders(req.headers());
        String token = creds.sessionToken();
        if (token != null) {
            headers.add(Map.entry(SigV4Constants.X_AMZ_SECURITY_TOKEN, token));
        }
        headers.add(Map.entry(SigV4Constants.X_AMZ_DATE, AmzDate.format(time)));
        String payloadHash = Crypto.sha256Hex(req.body());
        if (options.signBody()) {
            headers.add(Map.entry(SigV4Constants.X_AMZ_CONTENT_SHA256, payloadHash));
        }
        HttpRequestView unsigned = new HttpRequestView(req.method(), req.rawPath(), req.rawQuery(), headers, req.body());
        List<String> signedHeaders = headerNames(headers,
                token != null && options.omitSessionToken() ? SigV4Constants.X_AMZ_SECURITY_TOKEN : null);
        String scope = scope(time, region, service);
        CanonicalRequest canonical = Canonicalizer.build(unsigned, signedHeaders, false, false,
                options.normalizePath(), payloadHash);
        String signature = sign(creds, time, region, service, scope, canonical);
        headers.add(Map.entry(SigV4Constants.AUTHORIZATION, SigV4Constants.ALGORITHM + " Credential="
                + creds.accessKeyId() + "/" + scope + ", SignedHeaders=" + String.join(";", signedHeaders)
                + ", Signature=" + signature));
        return new HttpRequestView(req.method(), req.rawPath(), req.rawQuery(), headers, req.body());
    }

    /**
     * Appends X-Amz-Algorithm, -Credential, -Date, -SignedHeaders, -Expires, [-Security-Token] and -Signature
     * to the query; the caller's existing raw query is kept as is, in front. The payload hash is the body's
     * SHA-256, as non-S3 services expect.
     */
    public HttpRequestView presign(HttpRequestView req, SigningCredentials creds, String region, String service,
                                   Instant time, Duration expires, SigningOptions options) {
        List<String> signedHeaders = headerNames(req.headers(), null);
        String scope = scope(time, region, service);
        StringBuilder query = new StringBuilder(req.rawQuery());
        appendParam(query, SigV4Constants.Q_ALGORITHM, SigV4Constants.ALGORITHM);
        appendParam(query, SigV4Constants.Q_CREDENTIAL, creds.accessKeyId() + "/" + scope);
        appendParam(query, SigV4Constants.Q_DATE, AmzDate.format(time));
        appendParam(query, SigV4Constants.Q_SIGNED_HEADERS, String.join(";", signedHeaders));
        appendParam(query, SigV4Constants.Q_EXPIRES, Long.toString(expires.toSeconds()));
        String token = creds.sessionToken();
        if (token != null && !options.omitSessionToken()) {
            appendParam(query, SigV4Constants.Q_SECURITY_TOKEN, token);
        }
        HttpRequestView unsigned = new HttpRequestView(req.method(), req.rawPath(), query.toString(), req.headers(),
                req.body());
        CanonicalRequest canonical = Canonicalizer.build(unsigned, signedHeaders, true, false,
                options.normalizePath(), Crypto.sha256Hex(req.body()));
        String signature = sign(creds, time, region, service, scope, canonical);
        if (token != null && options.omitSessionToken()) {
            appendParam(query, SigV4Constants.Q_SECURITY_TOKEN, token);
        }
        appendParam(query, SigV4Constants.Q_SIGNATURE, signature);
        return new HttpRequestView(req.method(), req.rawPath(), query.toString(), req.headers(), req.body());
    }

    private String sign(SigningCredentials creds, Instant time, String region, String service, String scope,
                        CanonicalRequest canonical) {
        byte[] key = cache.signingKey(creds.secretAccessKey(), AmzDate.day(time), region, service);
        try {
            return Crypto.hex(Crypto.hmac(key, StringToSign.of(time, scope, canonical)));
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    private static String scope(Instant time, String region, String service) {
        return AmzDate.day(time) + "/" + region + "/" + service + "/" + SigV4Constants.TERMINATOR;
    }

    /** Sorted, distinct, lower-case names of all headers but Authorization (and the excluded one). */
    private static List<String> headerNames(List<Map.Entry<String, String>> headers, String exclude) {
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<String, String> h : headers) {
            String n = h.getKey().toLowerCase(Locale.ROOT);
            if (!n.equalsIgnoreCase(SigV4Constants.AUTHORIZATION) && !n.equalsIgnoreCase(String.valueOf(exclude))) {
                names.add(n);
            }
        }
        return new ArrayList<>(names);
    }

    /** Drops headers this signer is about to set, so re-signing never duplicates them. */
    private static List<Map.Entry<String, String>> withoutAuthHeaders(List<Map.Entry<String, String>> headers) {
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size() + 4);
        for (Map.Entry<String, String> h : headers) {
            String n = h.getKey();
            if (!n.equalsIgnoreCase(SigV4Constants.AUTHORIZATION) && !n.equalsIgnoreCase(SigV4Constants.X_AMZ_DATE)
                    && !n.equalsIgnoreCase(SigV4Constants.X_AMZ_SECURITY_TOKEN)
                    && !n.equalsIgnoreCase(SigV4Constants.X_AMZ_CONTENT_SHA256)) {
                out.add(h);
            }
        }
        return out;
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(UriEncoding.encode(value, false));
    }
}

package dev.opensts.sigv4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP layer saw, undecoded.
 *
 * @param method   request method as received, e.g. {@code POST}
 * @param rawPath  path exactly as on the request line (still percent-encoded), without the query
 * @param rawQuery query string without the leading '?', may be {@code ""}
 * @param headers  names as received (lookup is case-insensitive); repeated headers kept as separate
 *                 entries in arrival order
 * @param body     request body, never null ({@code new byte[0]} when empty); not copied, callers must not mutate it
 */
public record HttpRequestView(String method, String rawPath, String rawQuery,
                              List<Map.Entry<String, String>> headers, byte[] body) {

    private static final byte[] EMPTY = new byte[0];

    public HttpRequestView {
        Objects.requireNonNull(method, "method");
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? EMPTY : body;
    }

    /** All values of a header, case-insensitive name match, in arrival order. */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>(1);
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    /** First value of a header, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    // Records compare arrays by identity and print them as hashes; tests and logs need content.
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpRequestView r && method.equals(r.method) && rawPath.equals(r.rawPath)
                && rawQuery.equals(r.rawQuery) && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, rawPath, rawQuery, headers, java.util.Arrays.hashCode(body));
    }

    /** Header values are left out: they may carry credentials (Authorization, X-Amz-Security-Token). */
    @Override
    public String toString() {
        return "HttpRequestView[" + method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?…")
                + ", headers=" + headers.stream().map(Map.Entry::getKey).toList() + ", body=" + body.length + " bytes]";
    }
}

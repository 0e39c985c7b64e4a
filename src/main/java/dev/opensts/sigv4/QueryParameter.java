package dev.opensts.sigv4;

import java.util.ArrayList;
import java.util.List;

/**
 * One decoded query pair, as byte strings (one char per byte, see {@link UriEncoding#decodeToBytes}): the
 * canonical query is built from exactly the bytes sent. A key without '=' has the value "". SigV4's own
 * parameters (X-Amz-*) are ASCII, so they read the same in this form.
 */
record QueryParameter(String name, String value) {

    /**
     * Splits a raw query on '&', then on the first '='; empty segments (e.g. "a=1&&b=2") are skipped.
     *
     * @throws SigV4Exception MalformedQueryString (400) for a malformed percent-escape
     */
    static List<QueryParameter> parse(String rawQuery) {
        List<QueryParameter> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(new QueryParameter(UriEncoding.decodeToBytes(k, SigV4Errors.MALFORMED_QUERY_STRING),
                    UriEncoding.decodeToBytes(v, SigV4Errors.MALFORMED_QUERY_STRING)));
        }
        return out;
    }

    /** First value for an exact (case-sensitive, as AWS treats X-Amz-*) name, or null. */
    static String first(List<QueryParameter> params, String name) {
        for (QueryParameter p : params) {
            if (p.name.equals(name)) {
                return p.value;
            }
        }
        return null;
    }
}

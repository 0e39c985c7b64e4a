package dev.opensts.sigv4;

import java.util.ArrayList;
import java.util.List;

/** One decoded query pair. A key without '=' has the value "". */
record QueryParameter(String name, String value) {

    /** Splits a raw query on '&', then on the first '='; empty segments (e.g. "a=1&&b=2") are skipped. */
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
            out.add(new QueryParameter(UriEncoding.decodeQueryComponent(k), UriEncoding.decodeQueryComponent(v)));
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

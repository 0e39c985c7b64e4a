package dev.opensts.sigv4;

import java.util.ArrayList;
import java.util.List;

/**
 * The canonical query string: pairs decoded to their bytes, re-encoded with the unreserved set, sorted by key
 * then value. Two queries share a canonical form only when they stand for the same bytes.
 */
final class CanonicalQuery {

    private CanonicalQuery() {
    }

    /**
     * @param exclude decoded names left out (X-Amz-Signature for presigned requests, which cannot sign itself)
     */
    static String of(List<QueryParameter> params, String... exclude) {
        List<String[]> encoded = new ArrayList<>(params.size());
        outer:
        for (QueryParameter p : params) {
            for (String x : exclude) {
                if (p.name().equals(x)) {
                    continue outer;
                }
            }
            encoded.add(new String[] {UriEncoding.encodeBytes(p.name(), false), UriEncoding.encodeBytes(p.value(), false)});
        }
        // After encoding everything is ASCII, so String order is byte order as the spec requires.
        encoded.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] kv : encoded) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(kv[0]).append('=').append(kv[1]);
        }
        return out.toString();
    }
}

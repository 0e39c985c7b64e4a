package dev.opensts.sigv4;

import java.util.List;
import java.util.Locale;

/** The canonical headers block: one "name:value\n" line per signed header, in the listed order. */
final class CanonicalHeaders {

    private CanonicalHeaders() {
    }

    /**
     * Repeated headers are joined with ',' in arrival order; every value is trimmed and inner whitespace
     * runs collapse to one space (folded lines arrive as whitespace, so they collapse too). A signed header
     * that is absent yields "name:" -- the signature then simply fails to match, as at AWS.
     */
    static String of(HttpRequestView req, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            out.append(name.toLowerCase(Locale.ROOT)).append(':');
            boolean first = true;
            for (String v : req.headerValues(name)) {
                if (!first) {
                    out.append(',');
                }
                out.append(collapse(v));
                first = false;
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String collapse(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pendingSpace = !out.isEmpty();
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}

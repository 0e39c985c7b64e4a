package dev.opensts.it.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Requests and answers as text for the report: non-printable bytes as \xNN, long parts cut, and the secrets the
 * fuzzer holds (session token, bearer tokens, secret keys; also URL-encoded) replaced by their names.
 */
final class Describe {
    private final List<String[]> secrets = new ArrayList<>();

    Describe(Fixtures fx) {
        add(fx.session().sessionToken(), "<session-token>");
        add(fx.decisionToken(), "<decision-token>");
        add(fx.adminToken(), "<admin-token>");
        add(fx.root().secretAccessKey(), "<root-secret>");
        add(fx.user().secretAccessKey(), "<user-secret>");
        add(fx.session().secretAccessKey(), "<session-secret>");
    }

    private void add(String secret, String name) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(new String[] {secret, name});
            secrets.add(new String[] {QueryFuzz.encode(secret, false), name});
        }
    }

    String request(RawHttp.Request r, int bodyLimit) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append(' ').append(cut(escape(r.target()), 2000)).append('\n');
        for (Map.Entry<String, String> h : r.headers()) {
            sb.append("  ").append(escape(h.getKey())).append(": ").append(cut(escape(h.getValue()), 600)).append('\n');
        }
        if (r.chunked()) {
            sb.append("  (body sent chunked)\n");
        }
        if (r.body().length > 0) {
            sb.append("  body (").append(r.body().length).append(" bytes): ")
                    .append(cut(escape(new String(r.body(), StandardCharsets.ISO_8859_1)), bodyLimit)).append('\n');
        }
        return redact(sb.toString());
    }

    String answer(RawHttp.Exchange x, int bodyLimit) {
        if (x.timedOut()) {
            return "no complete answer within the timeout (" + x.micros() / 1000 + " ms)";
        }
        if (x.response() == null) {
            return "no answer: " + x.ioError();
        }
        RawHttp.Response resp = x.response();
        StringBuilder sb = new StringBuilder().append(resp.status());
        for (Map.Entry<String, String> h : resp.headers()) {
            sb.append("\n  ").append(h.getKey()).append(": ").append(cut(escape(h.getValue()), 300));
        }
        sb.append("\n  body (").append(resp.body().length).append(" bytes): ")
                .append(cut(escape(resp.text()), bodyLimit));
        return redact(sb.toString());
    }

    /** Secrets the service hands out in answers: new keys' secrets and session tokens, as XML or JSON. */
    private static final java.util.regex.Pattern ISSUED = java.util.regex.Pattern.compile(
            "(<(SecretAccessKey|SessionToken)>)[^<]*(</)"
                    + "|(\"(rootSecretAccessKey|SecretAccessKey|SessionToken)\"\\s*:\\s*\")[^\"]*(\")");

    private String redact(String s) {
        for (String[] secret : secrets) {
            s = s.replace(secret[0], secret[1]);
        }
        return ISSUED.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) != null
                ? m.group(1) + "<redacted>" + m.group(3) : m.group(4) + "<redacted>" + m.group(6)));
    }

    /** Printable ASCII as is (and non-ASCII letters of a decoded string), bytes and controls as \xNN. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (c < 0x100) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.toString();
    }

    /** The first feature of the request that an HTTP layer may refuse on its own, else "no framing oddity". */
    static String feature(RawHttp.Request r) {
        if (r.method().length() + r.target().length() + 10 > 4096) {
            return "request line over 4 KiB";
        }
        for (Map.Entry<String, String> h : r.headers()) {
            if (h.getValue().chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                return "control character in header " + h.getKey();
            }
        }
        if (r.target().chars().anyMatch(c -> c > 0x7e)) {
            return "raw non-ASCII byte in request target";
        }
        if (r.target().matches("(?s).*%(?![0-9A-Fa-f]{2}).*")) {
            return "malformed %-escape in request target";
        }
        if (r.body().length > 1024 * 1024) {
            return "body over 1 MiB";
        }
        if (r.body().length > QueryFuzz.MAX_BODY) {
            return "body over 256 KiB";
        }
        return "no framing oddity";
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }
}

package dev.opensts.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Policy text that may contain policy variables ({@code ${aws:username}}, {@code ${aws:PrincipalTag/team, 'none'}},
 * and the escapes {@code ${*}} {@code ${?}} {@code ${$}}). Variables exist only in Version 2012-10-17 documents;
 * in 2008-10-17 the same text is plain.
 *
 * <p>A substituted value is always literal, so a {@code *} inside a user's tag never acts as a wildcard. A variable
 * that has no single value in the request and no default leaves the template unresolved; callers treat that as
 * "matches nothing", as AWS documents.
 */
final class Template {
    private sealed interface Part permits Text, Escaped, Var {
    }

    /** Policy text in which {@code *} and {@code ?} keep their wildcard meaning. */
    private record Text(String text) implements Part {
    }

    /** A character produced by an escape; never a wildcard. */
    private record Escaped(char c) implements Part {
    }

    /** A request-context key (lower case) with an optional default. */
    private record Var(String key, String defaultValue) implements Part {
    }

    private final String source;
    private final Part[] parts;
    private final Glob staticGlob;
    /** Literal text every match must start with (before the first wildcard or variable): a cheap early reject. */
    private final String prefix;

    private Template(String source, Part[] parts) {
        this.source = source;
        this.parts = parts;
        this.staticGlob = hasVariables() ? null : toGlob(null);
        String p = parts.length > 0 && parts[0] instanceof Text t ? t.text() : "";
        int cut = 0;
        while (cut < p.length() && p.charAt(cut) != '*' && p.charAt(cut) != '?') {
            cut++;
        }
        this.prefix = p.substring(0, cut);
    }

    static Template compile(String text, boolean variablesEnabled) {
        if (!variablesEnabled || !text.contains("${")) {
            return new Template(text, new Part[] {new Text(text)});
        }
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder plain = new StringBuilder();
        while (i < text.length()) {
            int open = text.indexOf("${", i);
            int close = open < 0 ? -1 : text.indexOf('}', open + 2);
            if (close < 0) {
                plain.append(text, i, text.length());
                break;
            }
            plain.append(text, i, open);
            String body = text.substring(open + 2, close);
            Part p = parseVariable(body);
            if (p == null) {
                // not a variable (e.g. "${}"): keep the characters as written
                plain.append(text, open, close + 1);
            } else {
                if (!plain.isEmpty()) {
                    parts.add(new Text(plain.toString()));
                    plain.setLength(0);
                }
                parts.add(p);
            }
            i = close + 1;
        }
        if (!plain.isEmpty()) {
            parts.add(new Text(plain.toString()));
        }
        return new Template(text, parts.toArray(Part[]::new));
    }

    private static Part parseVariable(String body) {
        String b = body.trim();
        switch (b) {
            case "*", "?", "$" -> {
                return new Escaped(b.charAt(0));
            }
            default -> {
            }
        }
        String key = b;
        String def = null;
        int comma = b.indexOf(',');
        if (comma >= 0) {
            key = b.substring(0, comma).trim();
            String d = b.substring(comma + 1).trim();
            if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) {
                d = d.substring(1, d.length() - 1);
            }
            def = d;
        }
        if (key.isEmpty()) {
            return null;
        }
        return new Var(key.toLowerCase(Locale.ROOT), def);
    }

    boolean hasVariables() {
        return parts.length != 1 || !(parts[0] instanceof Text);
    }

    String source() {
        return source;
    }

    /** False when no substitution can make the glob match {@code value}; avoids building globs per request. */
    boolean mayMatch(String value) {
        return value.startsWith(prefix);
    }

    /** The glob after substitution, or null when a variable is unresolved. */
    Glob glob(RequestContext ctx) {
        return staticGlob != null ? staticGlob : toGlob(ctx);
    }

    /** The literal text after substitution (wildcards not interpreted), or null when a variable is unresolved. */
    String text(RequestContext ctx) {
        if (staticGlob != null) {
            return source;
        }
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            switch (p) {
                case Text t -> sb.append(t.text());
                case Escaped e -> sb.append(e.c());
                case Var v -> {
                    String value = resolve(v, ctx);
                    if (value == null) {
                        return null;
                    }
                    sb.append(value);
                }
            }
        }
        return sb.toString();
    }

    private Glob toGlob(RequestContext ctx) {
        Glob.Builder b = new Glob.Builder();
        for (Part p : parts) {
            switch (p) {
                case Text t -> {
                    String s = t.text();
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        switch (c) {
                            case '*' -> b.star();
                            case '?' -> b.anyChar();
                            default -> b.literal(c);
                        }
                    }
                }
                case Escaped e -> b.literal(e.c());
                case Var v -> {
                    String value = ctx == null ? null : resolve(v, ctx);
                    if (value == null) {
                        return null;
                    }
                    b.literal(value);
                }
            }
        }
        return b.build();
    }

    private static String resolve(Var v, RequestContext ctx) {
        String value = ctx.single(v.key());
        return value != null ? value : v.defaultValue();
    }
}

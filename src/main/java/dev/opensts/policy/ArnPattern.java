package dev.opensts.policy;

import dev.opensts.arn.Arn;

/**
 * An ARN pattern matched segment by segment: partition, service, region and account each on their own (a
 * wildcard there never crosses a colon), then the resource part, where {@code *} crosses {@code /} and
 * {@code :} as AWS documents. Policy variables are allowed in any segment.
 */
final class ArnPattern {
    private final String source;
    private final boolean any;
    /** partition, service, region, account, resource; null when the pattern is not ARN-shaped. */
    private final Template[] segments;
    /** Used when the pattern is not ARN-shaped: the whole text as one glob. */
    private final Template whole;

    private ArnPattern(String source, boolean any, Template[] segments, Template whole) {
        this.source = source;
        this.any = any;
        this.segments = segments;
        this.whole = whole;
    }

    static ArnPattern compile(String text, boolean variablesEnabled) {
        if (text.equals("*")) {
            return new ArnPattern(text, true, null, null);
        }
        String[] parts = segments(text);
        if (parts == null) {
            return new ArnPattern(text, false, null, Template.compile(text, variablesEnabled));
        }
        Template[] t = new Template[5];
        for (int i = 0; i < 5; i++) {
            t[i] = Template.compile(parts[i], variablesEnabled);
        }
        return new ArnPattern(text, false, t, null);
    }

    boolean isArnShaped() {
        return any || segments != null;
    }

    String source() {
        return source;
    }

    /**
     * @param value      the whole value
     * @param valueParts the value read as an ARN (null if it is not one)
     */
    boolean matches(String value, Arn valueParts, RequestContext ctx) {
        if (any) {
            return true;
        }
        if (segments == null) {
            if (whole.hasVariables()) {
                // e.g. "${aws:PrincipalArn}": the ARN shape is known only after substitution
                String text = whole.text(ctx);
                if (text == null) {
                    return false;
                }
                ArnPattern resolved = compile(text, false);
                return resolved.isArnShaped() && resolved.matches(value, valueParts, ctx);
            }
            // a pattern that is not ARN-shaped never matches an ARN segment-wise; compare non-ARN values whole
            Glob g = whole.glob(ctx);
            return valueParts == null && g != null && g.matches(value);
        }
        if (valueParts == null) {
            return false;
        }
        for (int i = 0; i < 5; i++) {
            if (!segments[i].mayMatch(part(valueParts, i))) {
                return false;
            }
        }
        for (int i = 0; i < 5; i++) {
            Glob g = segments[i].glob(ctx);
            if (g == null || !g.matches(part(valueParts, i))) {
                return false;
            }
        }
        return true;
    }

    private static String part(Arn arn, int i) {
        return switch (i) {
            case 0 -> arn.partition();
            case 1 -> arn.service();
            case 2 -> arn.region();
            case 3 -> arn.account();
            default -> arn.resource();
        };
    }

    /**
     * Splits an ARN pattern into partition, service, region, account and resource (the resource keeps its own
     * colons); null when the text is not "arn:" followed by at least five more colon-separated parts, or by fewer
     * whose last ends with {@code *} (which then covers the rest, colons included: every later segment is
     * {@code *}). Unlike
     * {@link Arn#parse}, colons inside a policy variable ({@code ${aws:username}}) do not split.
     */
    static String[] segments(String s) {
        if (s == null || !s.startsWith("arn:")) {
            return null;
        }
        String[] out = new String[5];
        int start = 4;
        int depth = 0;
        int k = 0;
        for (int i = 4; i < s.length() && k < 4; i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ':' && depth == 0) {
                out[k++] = s.substring(start, i);
                start = i + 1;
            }
        }
        if (k < 4) {
            // "arn:aws:sqs:*": a * that ends the pattern's last segment crosses the colons of the segments left out
            // (AWS's Resource element reference), so it stands for that segment's rest and every later segment whole
            String last = s.substring(start);
            if (depth > 0 || !last.endsWith("*")) {
                return null;
            }
            out[k] = last;
            for (int i = k + 1; i < 5; i++) {
                out[i] = "*";
            }
            return out;
        }
        out[4] = s.substring(start);
        return out;
    }
}

package dev.opensts.policy;

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
        String[] parts = Arns.split(text);
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
     * @param valueParts {@link Arns#split} of the value (null if not an ARN)
     */
    boolean matches(String value, String[] valueParts, RequestContext ctx) {
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
            if (!segments[i].mayMatch(valueParts[i])) {
                return false;
            }
        }
        for (int i = 0; i < 5; i++) {
            Glob g = segments[i].glob(ctx);
            if (g == null || !g.matches(valueParts[i])) {
                return false;
            }
        }
        return true;
    }
}

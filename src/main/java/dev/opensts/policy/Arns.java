package dev.opensts.policy;

/** ARN helpers shared by resource matching, ARN condition operators and principal matching. */
final class Arns {
    private Arns() {
    }

    /**
     * Splits an ARN into partition, service, region, account and resource (the resource keeps its own colons);
     * null when the text is not "arn:" followed by at least five more colon-separated parts.
     * Colons inside a policy variable ({@code ${aws:username}}) do not split.
     */
    static String[] split(String s) {
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
            return null;
        }
        out[4] = s.substring(start);
        return out;
    }

    /** "RoleName" from arn:aws:sts::123456789012:assumed-role/RoleName/Session, or null. */
    static String assumedRoleName(String sessionArn) {
        String[] p = split(sessionArn);
        if (p == null || !p[4].startsWith("assumed-role/")) {
            return null;
        }
        String rest = p[4].substring("assumed-role/".length());
        int slash = rest.indexOf('/');
        return slash <= 0 ? null : rest.substring(0, slash);
    }

    /** The last path segment of an IAM resource ("user/path/Alice" gives "Alice"). */
    static String lastSegment(String resource) {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }
}

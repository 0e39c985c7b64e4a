package dev.opensts.iam;

/**
 * The names a Pod Identity association is made of, by the rules of EKS and Kubernetes: a cluster's name (EKS:
 * letters, digits, hyphens and underscores, starting with a letter or digit, at most 100), a namespace (a Kubernetes
 * DNS-1123 label), a service account (a DNS-1123 subdomain) and an association's id ({@code a-} and 17 lower-case
 * letters and digits). None of them can hold a '/', so they can be joined into a stream id.
 */
public final class EksNames {
    public static final int MAX_CLUSTER_NAME = 100;
    static final int MAX_LABEL = 63;
    static final int MAX_SUBDOMAIN = 253;
    /** The characters after {@code a-} in an association id. */
    public static final int ASSOCIATION_ID_CHARS = 17;

    private EksNames() {
    }

    public static boolean isClusterName(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_CLUSTER_NAME || !isAlnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** A Kubernetes namespace: a DNS-1123 label. */
    public static boolean isNamespace(String s) {
        return s != null && s.length() <= MAX_LABEL && isLabel(s, 0, s.length());
    }

    /** A Kubernetes service account name: a DNS-1123 subdomain (labels joined by dots). */
    public static boolean isServiceAccount(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_SUBDOMAIN) {
            return false;
        }
        int start = 0;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            if (!isLabel(s, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    public static boolean isAssociationId(String s) {
        if (s == null || s.length() != 2 + ASSOCIATION_ID_CHARS || !s.startsWith("a-")) {
            return false;
        }
        for (int i = 2; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} between start and end, at most 63 characters. */
    private static boolean isLabel(String s, int start, int end) {
        int length = end - start;
        if (length < 1 || length > MAX_LABEL || !isLowerAlnum(s.charAt(start)) || !isLowerAlnum(s.charAt(end - 1))) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!isLowerAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAlnum(char c) {
        return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
    }
}

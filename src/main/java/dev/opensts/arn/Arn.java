package dev.opensts.arn;

import java.util.Objects;

/**
 * An Amazon Resource Name, {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE}. The resource keeps its own
 * colons and slashes. Every ARN open-sts reads is parsed here and every ARN it writes is formatted here, so that
 * the rules (what an IAM path is, what a name may hold, where the account is) are written once.
 *
 * <p>{@link #parse} accepts any ARN-shaped text; the {@code parse*} readers of IAM and STS principals accept only a valid IAM entity ARN of
 * their kind (12-digit account, global region, a path of printable ASCII between slashes, a name of IAM's
 * characters) and answer null otherwise, so that a caller turns a null into its own AWS error.
 */
public record Arn(String partition, String service, String region, String account, String resource) {
    public static final String AWS = "aws";
    /** Longest IAM path AWS accepts, slashes included. */
    public static final int MAX_PATH = 512;
    /** The resource prefix of an OpenID Connect provider's ARN. */
    public static final String OIDC_PROVIDER = "oidc-provider/";

    public Arn {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(resource, "resource");
    }

    /** The ARN's parts, or null when the text is not "arn:" followed by five colon-separated parts. */
    public static Arn parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return null;
        }
        int[] colons = new int[4];
        int from = 4;
        for (int k = 0; k < 4; k++) {
            int c = text.indexOf(':', from);
            if (c < 0) {
                return null;
            }
            colons[k] = c;
            from = c + 1;
        }
        return new Arn(text.substring(4, colons[0]), text.substring(colons[0] + 1, colons[1]),
                text.substring(colons[1] + 1, colons[2]), text.substring(colons[2] + 1, colons[3]),
                text.substring(colons[3] + 1));
    }

    // ---- IAM entities: formatting ----

    public static Arn iamRoot(String account) {
        return new Arn(AWS, "iam", "", account, "root");
    }

    public static Arn iamUser(String account, String path, String name) {
        return iam(account, "user", path, name);
    }

    public static Arn iamRole(String account, String path, String name) {
        return iam(account, "role", path, name);
    }

    public static Arn iamPolicy(String account, String path, String name) {
        return iam(account, "policy", path, name);
    }

    /**
     * An OpenID Connect provider's ARN, {@code arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH]}: its URL without the
     * scheme, as IAM shows it.
     */
    public static Arn iamOidcProvider(String account, String url) {
        return new Arn(AWS, "iam", "", account, OIDC_PROVIDER + url);
    }

    /** An IAM ARN of a kind ("user", "role", "policy"), a path ("/" or "/a/b/") and a name. */
    public static Arn iam(String account, String kind, String path, String name) {
        return new Arn(AWS, "iam", "", account, kind + path + name);
    }

    /** The ARN of a role session: {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION} (no path, as AWS). */
    public static Arn assumedRole(String account, String roleName, String sessionName) {
        return new Arn(AWS, "sts", "", account, "assumed-role/" + roleName + "/" + sessionName);
    }

    /** An EKS cluster's ARN, {@code arn:aws:eks:REGION:ACCOUNT:cluster/NAME}. */
    public static Arn eksCluster(String region, String account, String clusterName) {
        return new Arn(AWS, "eks", region, account, "cluster/" + clusterName);
    }

    /**
     * An EKS Pod Identity association's ARN,
     * {@code arn:aws:eks:REGION:ACCOUNT:podidentityassociation/CLUSTER/ASSOCIATION-ID}.
     */
    public static Arn eksPodIdentityAssociation(String region, String account, String clusterName,
                                                String associationId) {
        return new Arn(AWS, "eks", region, account, "podidentityassociation/" + clusterName + "/" + associationId);
    }

    /** An STS resource of open-sts's own: {@code arn:aws:sts::ACCOUNT:TYPE/ID} (session/ASIA..., source-identity/X). */
    public static Arn sts(String account, String type, String id) {
        return new Arn(AWS, "sts", "", account, type + "/" + id);
    }

    // ---- IAM entities: reading ----

    /** A valid IAM role ARN (any path), or null. */
    public static Arn parseIamRole(String text) {
        return iamEntity(text, "role", 64);
    }

    /** A valid IAM user ARN (any path), or null. */
    public static Arn parseIamUser(String text) {
        return iamEntity(text, "user", 64);
    }

    /** A valid IAM group ARN (any path), or null. */
    public static Arn parseIamGroup(String text) {
        return iamEntity(text, "group", 128);
    }

    /** A valid customer managed policy ARN (any path), or null. */
    public static Arn parseIamPolicy(String text) {
        return iamEntity(text, "policy", 128);
    }

    /** A valid IAM instance profile ARN (any path), or null. */
    public static Arn parseIamInstanceProfile(String text) {
        return iamEntity(text, "instance-profile", 128);
    }

    /** A valid virtual MFA device serial number, {@code arn:aws:iam::ACCOUNT:mfa/PATH+NAME}, or null. */
    public static Arn parseIamMfa(String text) {
        return iamEntity(text, "mfa", 226);
    }

    /**
     * An IAM OpenID Connect provider ARN of a 12-digit account with something after {@code oidc-provider/}, or null.
     * The URL itself is checked where the provider is looked up (an ARN of no provider is simply not found).
     */
    public static Arn parseIamOidcProvider(String text) {
        Arn a = parse(text);
        return a != null && a.isIam() && isAccountId(a.account) && a.resource.startsWith(OIDC_PROVIDER)
                && a.resource.length() > OIDC_PROVIDER.length() ? a : null;
    }

    /** For an OpenID Connect provider's ARN, its URL without the scheme; null for any other ARN. */
    public String oidcProviderUrl() {
        return resource.startsWith(OIDC_PROVIDER) ? resource.substring(OIDC_PROVIDER.length()) : null;
    }

    /** A valid account root ARN, {@code arn:aws:iam::ACCOUNT:root}, or null. */
    public static Arn parseIamRoot(String text) {
        Arn a = parse(text);
        return a != null && a.isIam() && a.resource.equals("root") && isAccountId(a.account) ? a : null;
    }

    /** A valid role session ARN, {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}, or null. */
    public static Arn parseAssumedRole(String text) {
        Arn a = parse(text);
        if (a == null || !a.partition.equals(AWS) || !a.service.equals("sts") || !a.region.isEmpty()
                || !isAccountId(a.account) || !a.resource.startsWith("assumed-role/")) {
            return null;
        }
        String rest = a.resource.substring("assumed-role/".length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        String role = rest.substring(0, slash);
        String session = rest.substring(slash + 1);
        return isName(role, 1, 64) && isName(session, 2, 64) ? a : null;
    }

    private static Arn iamEntity(String text, String kind, int maxName) {
        Arn a = parse(text);
        if (a == null || !a.isIam() || !isAccountId(a.account) || !a.resource.startsWith(kind + "/")) {
            return null;
        }
        int lastSlash = a.resource.lastIndexOf('/');
        String path = a.resource.substring(kind.length(), lastSlash + 1);
        return isPath(path) && isName(a.resource.substring(lastSlash + 1), 1, maxName) ? a : null;
    }

    // ---- parts ----

    /** Whether this is an IAM ARN of the standard partition ({@code arn:aws:iam::...}). */
    public boolean isIam() {
        return partition.equals(AWS) && service.equals("iam") && region.isEmpty();
    }

    /** The resource's type: what comes before its first '/' (or ':'), e.g. "role", "assumed-role", "root". */
    public String resourceType() {
        int end = resource.length();
        int slash = resource.indexOf('/');
        int colon = resource.indexOf(':');
        if (slash >= 0) {
            end = slash;
        }
        if (colon >= 0 && colon < end) {
            end = colon;
        }
        return resource.substring(0, end);
    }

    /** For an IAM entity, its path with both slashes ("/" or "/division/team/"); "/" when the resource has none. */
    public String path() {
        int first = resource.indexOf('/');
        int last = resource.lastIndexOf('/');
        return first < 0 ? "/" : resource.substring(first, last + 1);
    }

    /** The last segment of the resource: an IAM entity's name, a session's name; the resource when it has no '/'. */
    public String name() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** For a role session ARN, the role's name (the segment after assumed-role/); null otherwise. */
    public String assumedRoleName() {
        if (!resource.startsWith("assumed-role/")) {
            return null;
        }
        int slash = resource.indexOf('/', "assumed-role/".length());
        return slash <= "assumed-role/".length() ? null : resource.substring("assumed-role/".length(), slash);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ':' + service + ':' + region + ':' + account + ':' + resource;
    }

    // ---- the character rules, as IAM documents them ----

    public static boolean isAccountId(String s) {
        if (s == null || s.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** An IAM path: "/" or "/" + one or more printable ASCII + "/", at most {@value #MAX_PATH} characters (AWS's pattern). */
    public static boolean isPath(String s) {
        if (s == null || s.length() > MAX_PATH || !s.startsWith("/") || !s.endsWith("/") || s.length() == 2) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** An IAM name (users, roles, policies, session names): {@code [A-Za-z0-9_+=,.@-]} between min and max long. */
    public static boolean isName(String s, int min, int max) {
        if (s == null || s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_+=,.@-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

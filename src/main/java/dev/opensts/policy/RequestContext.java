package dev.opensts.policy;

import dev.opensts.arn.Arn;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request to authorize: the action, the resource ARN, the principal and the request context keys.
 *
 * <p>Context key names are case-insensitive (AWS documents key names as case-insensitive; values are not).
 * Keys are multi-valued. Keys that AWS derives from the principal (aws:username, aws:userid, aws:PrincipalArn,
 * aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalTag/*) are filled in from {@link PrincipalInfo} unless
 * the caller put them explicitly, and aws:ResourceAccount from the resource ARN's account field. The current time is never read here: callers put aws:CurrentTime and
 * aws:EpochTime themselves.
 *
 * <p>Immutable and thread-safe once built; everything a policy match needs is precomputed here so that
 * evaluation allocates nothing per statement.
 */
public final class RequestContext {
    private final String action;
    private final String actionLower;
    private final String resource;
    /** partition, service, region, account, resource; null when the resource is not an ARN. */
    private final Arn resourceArn;
    private final PrincipalInfo principal;
    private final Map<String, String[]> values;
    /** For assumed-role sessions: the role's account and name, parsed from the session ARN. */
    private final String roleName;
    /** The account that owns the resource: aws:ResourceAccount, else the resource ARN's account; null when unknown. */
    private final String resourceAccount;

    private RequestContext(Builder b) {
        this.action = Objects.requireNonNull(b.action, "action");
        this.actionLower = action.toLowerCase(Locale.ROOT);
        this.resource = b.resource == null ? "*" : b.resource;
        this.resourceArn = Arn.parse(resource);
        this.principal = b.principal == null ? PrincipalInfo.anonymous() : b.principal;
        Map<String, String[]> v = new HashMap<>(b.values);
        derivePrincipalKeys(v, principal);
        if (resourceArn != null && !resourceArn.account().isEmpty()) {
            v.putIfAbsent("aws:resourceaccount", new String[] {resourceArn.account()});
        }
        this.values = v; // never changed after this: no copy
        String[] account = v.get("aws:resourceaccount");
        this.resourceAccount = account != null && account.length == 1 ? account[0] : null;
        this.roleName = principal.type() == PrincipalType.ASSUMED_ROLE ? assumedRoleName(principal.arn()) : null;
    }

    private static void derivePrincipalKeys(Map<String, String[]> v, PrincipalInfo p) {
        if (p.userName() != null) {
            v.putIfAbsent("aws:username", new String[] {p.userName()});
        }
        if (p.userId() != null) {
            v.putIfAbsent("aws:userid", new String[] {p.userId()});
        }
        if (p.accountId() != null) {
            v.putIfAbsent("aws:principalaccount", new String[] {p.accountId()});
        }
        if (p.type().awsName() != null) {
            v.putIfAbsent("aws:principaltype", new String[] {p.type().awsName()});
        }
        if (p.principalArn() != null) {
            v.putIfAbsent("aws:principalarn", new String[] {p.principalArn()});
        }
        p.tags().forEach((k, val) -> v.putIfAbsent("aws:principaltag/" + k.toLowerCase(Locale.ROOT),
                new String[] {val}));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String action() {
        return action;
    }

    public String resource() {
        return resource;
    }

    public PrincipalInfo principal() {
        return principal;
    }

    /**
     * The account that owns the resource: the single value of aws:ResourceAccount when the caller put one, else
     * the account field of the resource ARN; null when neither says (resource "*", or an ARN without an account
     * such as S3's). Identity-based policies only grant access to resources of the principal's own account.
     */
    public String resourceAccount() {
        return resourceAccount;
    }

    /**
     * Every key (in lower case) and its values, in no particular order: what an authorization failure message lists
     * as the request's context. Read only; the arrays must not be modified.
     */
    public Map<String, String[]> entries() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** All values of a key (any case), or an empty array when absent. */
    public String[] get(String key) {
        String[] v = values.get(key.toLowerCase(Locale.ROOT));
        return v == null ? new String[0] : v.clone();
    }

    String actionLower() {
        return actionLower;
    }

    Arn resourceArn() {
        return resourceArn;
    }

    String roleName() {
        return roleName;
    }

    /** Values of a lower-case key; null when absent. Callers must not modify the array. */
    String[] values(String lowerKey) {
        return values.get(lowerKey);
    }

    /** The value of a single-valued key, or null when absent or multi-valued (not usable as a policy variable). */
    String single(String lowerKey) {
        String[] v = values.get(lowerKey);
        return v != null && v.length == 1 ? v[0] : null;
    }

    public static final class Builder {
        private String action;
        private String resource;
        private PrincipalInfo principal;
        private final Map<String, String[]> values = new HashMap<>();

        private Builder() {
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        /** The resource ARN; defaults to "*" for actions that have no resource. */
        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        public Builder principal(PrincipalInfo principal) {
            this.principal = principal;
            return this;
        }

        /** Sets (replaces) a context key; no values removes it. */
        public Builder put(String key, String... values) {
            String k = key.toLowerCase(Locale.ROOT);
            if (values == null || values.length == 0) {
                this.values.remove(k);
            } else {
                for (String s : values) {
                    Objects.requireNonNull(s, "context value of " + key);
                }
                this.values.put(k, values.clone());
            }
            return this;
        }

        public Builder putAll(Map<String, ? extends Collection<String>> entries) {
            entries.forEach((k, v) -> put(k, v.toArray(String[]::new)));
            return this;
        }

        public RequestContext build() {
            return new RequestContext(this);
        }
    }

    private static String assumedRoleName(String sessionArn) {
        Arn arn = Arn.parse(sessionArn);
        return arn == null ? null : arn.assumedRoleName();
    }
}

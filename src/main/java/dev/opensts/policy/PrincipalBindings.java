package dev.opensts.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The unique ids (AIDA..., AROA...) that the IAM users and roles named in a resource policy's Principal stood for
 * when the policy was saved. AWS stores such a principal as its unique id: deleted and re-created under the same
 * name, it is another principal, and the policy no longer names it. A policy compiled with bindings matches an
 * IAM user or role principal only by that id; one compiled without (documents saved before bindings existed)
 * matches by account and name.
 *
 * @param ids unique id by {@link #key}
 */
public record PrincipalBindings(Map<String, String> ids) {
    /** No bindings: IAM user and role principals match by account and name. */
    public static final PrincipalBindings NONE = new PrincipalBindings(null);

    public PrincipalBindings {
        ids = ids == null ? null : Map.copyOf(ids);
    }

    /** "ACCOUNT:user/name" or "ACCOUNT:role/name", the name folded to lower case (IAM names ignore case). */
    public static String key(String accountId, String kind, String name) {
        return accountId + ":" + kind + "/" + name.toLowerCase(Locale.ROOT);
    }

    boolean bound() {
        return ids != null;
    }

    /** The id the principal stood for; null when unbound, or bound to nothing (which then matches nobody). */
    String idOf(String accountId, String kind, String name) {
        return ids == null ? null : ids.get(key(accountId, kind, name));
    }

    /** The keys of the IAM user and role principals a document names, to be bound: sorted, for stable events. */
    public static Set<String> principalsOf(Policy policy) {
        Set<String> keys = new TreeSet<>();
        for (Statement s : policy.statements()) {
            if (s.principal() != null) {
                for (PrincipalEntry e : s.principal().entries()) {
                    switch (e) {
                        case PrincipalEntry.IamUser u -> keys.add(key(u.accountId(), "user", u.name()));
                        case PrincipalEntry.IamRole r -> keys.add(key(r.accountId(), "role", r.name()));
                        default -> {
                        }
                    }
                }
            }
        }
        return keys;
    }

    static PrincipalBindings orNone(PrincipalBindings b) {
        return Objects.requireNonNullElse(b, NONE);
    }
}

package dev.opensts.app.iam;

import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import dev.opensts.policy.PrincipalBindings;
import dev.opensts.view.LiveView;

import java.util.HashMap;
import java.util.Map;

/**
 * Looks up, for a trust policy about to be saved, the unique id of every IAM user and role it names, in any
 * account of this deployment, so that the role decider can bind them (or refuse a principal that does not
 * exist): a principal deleted and re-created later is then another principal, as in AWS.
 */
public final class TrustPrincipals {
    private TrustPrincipals() {
    }

    /** The ids found, by {@link PrincipalBindings#key}; a principal that does not exist is left out. */
    public static Map<String, String> resolve(LiveView view, String trustPolicy) {
        Policy policy;
        try {
            policy = Policy.parse(trustPolicy, PolicyKind.TRUST);
        } catch (MalformedPolicyDocumentException | NullPointerException e) {
            return Map.of(); // the decider reports the document
        }
        var ids = new HashMap<String, String>();
        for (String key : PrincipalBindings.principalsOf(policy)) {
            int colon = key.indexOf(':');
            String account = key.substring(0, colon);
            String rest = key.substring(colon + 1);
            String name = rest.substring(rest.indexOf('/') + 1);
            if (rest.startsWith("role/")) {
                RoleState r = view.role(account, name);
                if (r != null) {
                    ids.put(key, r.roleId());
                }
            } else {
                UserState u = view.user(account, name);
                if (u != null) {
                    ids.put(key, u.userId());
                }
            }
        }
        return ids;
    }
}

package dev.opensts.adapter.http.iam;

import java.util.HashMap;
import java.util.Map;

/** Every IAM action open-sts serves, by the Query protocol's Action name. */
public final class IamActions {
    private IamActions() {
    }

    public static Map<String, Handler> all(Deps deps) {
        var actions = new HashMap<String, Handler>();
        new UsersApi(deps).register(actions);
        new RolesApi(deps).register(actions);
        new PoliciesApi(deps).register(actions);
        return Map.copyOf(actions);
    }
}

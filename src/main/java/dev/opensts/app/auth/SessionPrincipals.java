package dev.opensts.app.auth;

import dev.opensts.credentials.SessionClaims;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import dev.opensts.view.LiveView;

/**
 * Binds a session to the principal that issued it by that principal's unique id, as AWS does, and not by its
 * name: a role session is valid only while a role of its name exists with the role id the session carries
 * (AROA...), a user's GetSessionToken session only while a user of its name exists with its user id (AIDA...),
 * a root session only while its account exists. A principal deleted and re-created under the same name is
 * another principal: the old sessions are refused, and they never gain the new principal's permissions.
 */
public final class SessionPrincipals {
    private final LiveView view;
    private final String defaultAccount;

    public SessionPrincipals(LiveView view, String defaultAccount) {
        this.view = view;
        this.defaultAccount = defaultAccount;
    }

    /** Whether the principal the session was issued for still exists and is the same one. */
    public boolean current(SessionClaims s) {
        return switch (s.kind()) {
            case ASSUMED_ROLE -> {
                RoleState role = view.role(s.accountId(), s.roleName());
                yield role != null && role.roleId().equals(s.roleId());
            }
            case USER_SESSION -> {
                UserState user = view.user(s.accountId(), s.userName());
                yield user != null && user.userId().equals(s.principalId());
            }
            case ROOT_SESSION -> rootCurrent(s);
            case FEDERATED_USER -> {
                // bound to the IAM user that called GetFederationToken (or the root), by its unique id
                if (s.userName() == null) {
                    yield s.issuerId().equals(s.accountId()) && rootCurrent(s);
                }
                UserState user = view.user(s.accountId(), s.userName());
                yield user != null && user.userId().equals(s.issuerId());
            }
        };
    }

    private boolean rootCurrent(SessionClaims s) {
        AccountState account = view.account(s.accountId());
        return s.accountId().equals(defaultAccount) || account != null;
    }
}

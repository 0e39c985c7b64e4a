package dev.opensts.app.auth;

import dev.opensts.app.Caller;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

/**
 * What a GetFederationToken session may never do, whatever its policies say, as AWS documents: call IAM (and
 * open-sts's own administrative actions, held to the IAM rule), or any STS action but GetCallerIdentity.
 */
public final class FederatedUsers {
    /** The one STS action a federated user may call. */
    public static final String GET_CALLER_IDENTITY = "sts:GetCallerIdentity";

    private FederatedUsers() {
    }

    /** Whether the caller holds a GetFederationToken session. */
    public static boolean isFederatedUser(Caller caller) {
        SessionClaims s = caller.session();
        return s != null && s.kind() == SessionKind.FEDERATED_USER;
    }

    /**
     * @param action the action as policies name it (iam:ListUsers, sts:AssumeRole, ...)
     * @throws AwsException AccessDenied when a federated user asks for an IAM, STS or open-sts action it may not call
     */
    public static void refuse(Caller caller, String action, String resource) {
        if (!isFederatedUser(caller) || !forbidden(action)) {
            return;
        }
        throw new AccessDenied("User: " + caller.arn() + " is not authorized to perform: " + action
                + " on resource: " + resource + " because a federated user's credentials (GetFederationToken) cannot "
                + "call " + (action.startsWith("sts:") ? "STS actions other than GetCallerIdentity" : "IAM actions"),
                null, action, resource, null);
    }

    static boolean forbidden(String action) {
        String a = action.toLowerCase(java.util.Locale.ROOT);
        return a.startsWith("iam:") || a.startsWith("opensts:")
                || (a.startsWith("sts:") && !a.equals("sts:getcalleridentity"));
    }
}

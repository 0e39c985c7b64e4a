package dev.opensts.app.iam;

import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.UserState;
import dev.opensts.view.LiveView;

/** Rules that span aggregates, shared by the IAM use cases. */
final class Entities {
    private Entities() {
    }

    /**
     * Refuses to create one more entity of a kind once the account holds its quota of them. Checked against
     * the view as the command is decided; writers racing on different names may each pass, so the count can
     * exceed the quota by the number of such concurrent creations.
     */
    static void requireRoomFor(int count, int quota, String quotaName) {
        if (count >= quota) {
            throw AwsException.of(ErrorCode.LimitExceeded, "Cannot exceed quota for %s: %d", quotaName, quota);
        }
    }

    /** The managed policy named as a permissions boundary, checked to exist; null when none is named. */
    static String boundary(LiveView view, String callerAccount, String policyArn) {
        if (policyArn == null) {
            return null;
        }
        var p = view.policy(callerAccount, policyName(callerAccount, policyArn));
        if (p == null || !p.arn().equals(policyArn)) {
            throw new AwsException(ErrorCode.InvalidInput, "Scope ARN: " + policyArn + " does not exist or is not "
                    + "attachable.");
        }
        return policyArn;
    }

    /** A managed policy of the caller's account, by its exact ARN (path included), to attach. */
    static ManagedPolicyState attachable(LiveView view, String callerAccount, String policyArn) {
        ManagedPolicyState p = view.policy(callerAccount, policyName(callerAccount, policyArn));
        if (p == null || !p.arn().equals(policyArn)) {
            throw AwsException.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
        }
        return p;
    }

    /** A managed policy ARN of the caller's account: returns its name. */
    static String policyName(String callerAccount, String policyArn) {
        Arn arn = Arn.parseIamPolicy(policyArn);
        if (arn == null) {
            throw new AwsException(ErrorCode.InvalidInput, "ARN " + policyArn + " is not valid.");
        }
        if (!arn.account().equals(callerAccount)) {
            // other accounts' policies are invisible; AWS-managed policies are not offered yet
            throw AwsException.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
        }
        return arn.name();
    }

    /** Whether a managed policy ARN's path starts with a PathPrefix. */
    static boolean pathStartsWith(String policyArn, String prefix) {
        Arn arn = Arn.parse(policyArn);
        return arn != null && arn.path().startsWith(prefix);
    }

    /** A user's ARN for authorization: its real path when it exists, "/" otherwise. */
    static String userArn(LiveView view, String account, String userName) {
        UserState u = view.user(account, userName);
        return u != null ? u.arn() : Arn.iamUser(account, "/", userName).toString();
    }

    /** The account's user of that name; NoSuchEntity when there is none. */
    static UserState user(LiveView view, String account, String userName) {
        UserState u = view.user(account, userName);
        if (u == null) {
            throw AwsException.noSuchEntity("The user with name " + userName + " cannot be found.");
        }
        return u;
    }

    /** The account's managed policy of exactly that ARN (path included); NoSuchEntity otherwise. */
    static ManagedPolicyState policy(LiveView view, String account, String policyArn) {
        ManagedPolicyState p = view.policy(account, policyName(account, policyArn));
        if (p == null || !p.arn().equals(policyArn)) {
            throw AwsException.noSuchEntity("Policy " + policyArn + " was not found.");
        }
        return p;
    }
}

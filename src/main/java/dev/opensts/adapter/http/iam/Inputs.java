package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.Tag;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;

/** Small helpers shared by the IAM actions. */
final class Inputs {
    private Inputs() {
    }

    static List<Tag> tags(QueryInput in) {
        return in.structures("Tags").stream().map(t -> new Tag(t.string("Key"), t.string("Value"))).toList();
    }

    static String path(QueryInput in) {
        String path = in.string("Path");
        return path == null ? "/" : path;
    }

    static String pathPrefix(QueryInput in) {
        String prefix = in.string("PathPrefix");
        return prefix == null ? "/" : prefix;
    }

    static Uni<Map<String, Object>> empty() {
        return Uni.createFrom().item(Map.of());
    }

    /** The managed policy named as a permissions boundary, checked to exist; null when none is named. */
    static String boundary(dev.opensts.view.LiveView view, String callerAccount, String policyArn) {
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
}

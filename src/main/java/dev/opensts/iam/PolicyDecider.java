package dev.opensts.iam;

import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.PolicyCommand.CreatePolicy;
import dev.opensts.iam.PolicyCommand.DeletePolicy;
import dev.opensts.iam.PolicyEvent.PolicyCreated;
import dev.opensts.iam.PolicyEvent.PolicyDeleted;
import dev.opensts.policy.PolicyKind;

import java.util.List;

/** The customer-managed policy aggregate. */
public final class PolicyDecider {
    private PolicyDecider() {
    }

    /** @param quotas the deployment's IAM quotas (document size, tags) */
    public static List<PolicyEvent> decide(PolicyCommand command, ManagedPolicyState state, Quotas quotas) {
        return switch (command) {
            case CreatePolicy c -> {
                if (state != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists,
                            "A policy called %s already exists. Duplicate names are not allowed.", c.policyName());
                }
                PolicyDocuments.requireSize(c.document(), quotas.managedPolicySize(),
                        "Cannot exceed quota for PolicySize: " + quotas.managedPolicySize());
                PolicyDocuments.validate(c.document(), PolicyKind.MANAGED);
                yield List.of(new PolicyCreated(c.accountId(), c.policyName(), c.policyId(), c.path(),
                        c.description(), c.document(), Tags.checked(List.of(), c.tags(), quotas.tagsPerEntity()),
                        c.at()));
            }
            case DeletePolicy c -> {
                if (state == null) {
                    throw AwsException.noSuchEntity("Policy " + Arn.iamPolicy(c.accountId(), "/", c.policyName())
                            + " was not found.");
                }
                yield List.of(new PolicyDeleted(c.accountId(), state.policyName()));
            }
        };
    }

    public static ManagedPolicyState evolve(ManagedPolicyState s, PolicyEvent event) {
        return switch (event) {
            case PolicyCreated e -> new ManagedPolicyState(e.accountId(), e.policyName(), e.policyId(), e.path(),
                    e.description(), e.document(), List.copyOf(e.tags()), e.createDate());
            case PolicyDeleted e -> null;
        };
    }
}

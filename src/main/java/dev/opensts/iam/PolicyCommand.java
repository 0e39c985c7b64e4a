package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/** What a caller asks of a customer-managed policy. */
public sealed interface PolicyCommand {
    String accountId();

    String policyName();

    record CreatePolicy(String accountId, String policyName, String policyId, String path, String description,
                        String document, List<Tag> tags, Instant at) implements PolicyCommand {
    }

    /** The caller has checked that no role or user has the policy attached. */
    record DeletePolicy(String accountId, String policyName) implements PolicyCommand {
    }
}

package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.List;

/** A customer-managed policy; open-sts keeps one version, v1, as its default. */
public record ManagedPolicyState(String accountId, String policyName, String policyId, String path,
                                 String description, String document, List<Tag> tags, Instant createDate) implements AggregateState {
    public static final String DEFAULT_VERSION = "v1";

    public String arn() {
        return Arn.iamPolicy(accountId, path, policyName).toString();
    }
}

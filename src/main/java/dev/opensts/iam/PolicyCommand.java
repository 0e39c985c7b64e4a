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

    /** A new version of the policy's document; the default from now on when {@code setAsDefault}. */
    record CreatePolicyVersion(String accountId, String policyName, String document, boolean setAsDefault,
                               Instant at) implements PolicyCommand {
    }

    record SetDefaultPolicyVersion(String accountId, String policyName, String versionId) implements PolicyCommand {
    }

    record DeletePolicyVersion(String accountId, String policyName, String versionId) implements PolicyCommand {
    }

    record TagPolicy(String accountId, String policyName, List<Tag> tags) implements PolicyCommand {
    }

    record UntagPolicy(String accountId, String policyName, List<String> tagKeys) implements PolicyCommand {
    }
}

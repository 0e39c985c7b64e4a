package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/** Events of a customer-managed policy (stream: the policy's path-less ARN). */
public sealed interface PolicyEvent extends IamEvent {
    String policyName();

    @Override
    default String streamId() {
        return StreamIds.policy(accountId(), policyName());
    }

    record PolicyCreated(String accountId, String policyName, String policyId, String path, String description,
                         String document, List<Tag> tags, Instant createDate) implements PolicyEvent {
    }

    record PolicyDeleted(String accountId, String policyName) implements PolicyEvent {
    }
}

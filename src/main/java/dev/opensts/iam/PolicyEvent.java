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

    /** A new version (v2, v3, ...; an id is never given twice), the default from now on when {@code setAsDefault}. */
    record PolicyVersionCreated(String accountId, String policyName, String versionId, String document,
                                boolean setAsDefault, Instant createDate) implements PolicyEvent {
    }

    record PolicyDefaultVersionSet(String accountId, String policyName, String versionId) implements PolicyEvent {
    }

    /** A version that was not the default is gone. */
    record PolicyVersionDeleted(String accountId, String policyName, String versionId) implements PolicyEvent {
    }

    record PolicyTagged(String accountId, String policyName, List<Tag> tags) implements PolicyEvent {
    }

    record PolicyUntagged(String accountId, String policyName, List<String> tagKeys) implements PolicyEvent {
    }
}

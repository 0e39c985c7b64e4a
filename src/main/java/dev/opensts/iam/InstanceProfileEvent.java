package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/** Events of an IAM instance profile (stream: its path-less ARN with the name folded to lower case). */
public sealed interface InstanceProfileEvent extends IamEvent {
    String instanceProfileName();

    @Override
    default String streamId() {
        return StreamIds.instanceProfile(accountId(), instanceProfileName());
    }

    record InstanceProfileCreated(String accountId, String instanceProfileName, String instanceProfileId, String path,
                                  List<Tag> tags, Instant createDate) implements InstanceProfileEvent {
    }

    /** The role, by its name and the unique id it had when it was added. */
    record RoleAddedToInstanceProfile(String accountId, String instanceProfileName, String roleName, String roleId)
            implements InstanceProfileEvent {
    }

    record RoleRemovedFromInstanceProfile(String accountId, String instanceProfileName, String roleName,
                                          String roleId) implements InstanceProfileEvent {
    }

    record InstanceProfileTagged(String accountId, String instanceProfileName, List<Tag> tags)
            implements InstanceProfileEvent {
    }

    record InstanceProfileUntagged(String accountId, String instanceProfileName, List<String> tagKeys)
            implements InstanceProfileEvent {
    }

    record InstanceProfileDeleted(String accountId, String instanceProfileName) implements InstanceProfileEvent {
    }
}

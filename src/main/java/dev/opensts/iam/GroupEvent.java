package dev.opensts.iam;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/** Events of an IAM group (stream: the group's path-less ARN, its name case-folded). */
public sealed interface GroupEvent extends IamEvent {
    String groupName();

    @Override
    default String streamId() {
        return StreamIds.group(accountId(), groupName());
    }

    record GroupCreated(String accountId, String groupName, String groupId, String path, Instant createDate)
            implements GroupEvent {
    }

    /** The group now has this name (another letter case only: same stream) and path. */
    record GroupUpdated(String accountId, String groupName, String newGroupName, String newPath)
            implements GroupEvent {
    }

    /** A renamed group under its new name, with everything it had: the first half of a rename. */
    record GroupRenamedFrom(String accountId, String groupName, String oldGroupName, String groupId, String path,
                            Instant createDate, SortedMap<String, String> inlinePolicies,
                            List<String> attachedPolicyArns, List<GroupMember> members) implements GroupEvent {
    }

    /** The old name of a renamed group is given up: the second half of a rename. */
    record GroupRenamedTo(String accountId, String groupName, String newGroupName) implements GroupEvent {
    }

    record GroupDeleted(String accountId, String groupName) implements GroupEvent {
    }

    record UserAddedToGroup(String accountId, String groupName, String userName, String userId)
            implements GroupEvent {
    }

    record UserRemovedFromGroup(String accountId, String groupName, String userName, String userId)
            implements GroupEvent {
    }

    record GroupPolicyPut(String accountId, String groupName, String policyName, String document)
            implements GroupEvent {
    }

    record GroupPolicyDeleted(String accountId, String groupName, String policyName) implements GroupEvent {
    }

    record GroupPolicyAttached(String accountId, String groupName, String policyArn) implements GroupEvent {
    }

    record GroupPolicyDetached(String accountId, String groupName, String policyArn) implements GroupEvent {
    }
}

package dev.opensts.iam;

import java.time.Instant;
import java.util.Set;

/** What a caller asks of an IAM group. Ids and times come in with the command. */
public sealed interface GroupCommand {
    String accountId();

    String groupName();

    record CreateGroup(String accountId, String groupName, String groupId, String path, Instant at)
            implements GroupCommand {
    }

    /**
     * @param liveUserIds the ids of the users that exist now (the caller looked them up): a member whose user is
     *                    gone (deleted while it was being added) does not keep the group alive
     */
    record DeleteGroup(String accountId, String groupName, Set<String> liveUserIds) implements GroupCommand {
    }

    /** A new path, in place (a new name is a move to another stream: {@link CopyGroup}, then {@link MoveGroup}). */
    record ChangeGroupPath(String accountId, String groupName, String newGroupName, String newPath)
            implements GroupCommand {
    }

    /** The first half of a rename: the group as it is, under its new name (whose stream must be free). */
    record CopyGroup(String accountId, String groupName, GroupState from, String newPath) implements GroupCommand {
    }

    /** The second half of a rename: the old name is given up, if the group is still exactly what was copied. */
    record MoveGroup(String accountId, String groupName, GroupState copied, String newGroupName)
            implements GroupCommand {
    }

    /**
     * The caller has checked that the user exists in the group's account and is in fewer groups than its quota.
     */
    record AddUserToGroup(String accountId, String groupName, String userName, String userId)
            implements GroupCommand {
    }

    record RemoveUserFromGroup(String accountId, String groupName, String userName, String userId)
            implements GroupCommand {
    }

    record PutGroupPolicy(String accountId, String groupName, String policyName, String document)
            implements GroupCommand {
    }

    record DeleteGroupPolicy(String accountId, String groupName, String policyName) implements GroupCommand {
    }

    /** The caller has checked that the managed policy exists. */
    record AttachGroupPolicy(String accountId, String groupName, String policyArn) implements GroupCommand {
    }

    record DetachGroupPolicy(String accountId, String groupName, String policyArn) implements GroupCommand {
    }
}

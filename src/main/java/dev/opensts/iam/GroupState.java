package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** An IAM group: its inline and attached policies and its members (bound to their user ids). */
public record GroupState(String accountId, String groupName, String groupId, String path, Instant createDate,
                         SortedMap<String, String> inlinePolicies, List<String> attachedPolicyArns,
                         List<GroupMember> members) implements AggregateState {
    public String arn() {
        return Arn.iam(accountId, "group", path, groupName).toString();
    }

    /** Whether the user of this id (not merely of this name) is a member. */
    public boolean hasMember(String userId) {
        return members.stream().anyMatch(m -> m.userId().equals(userId));
    }

    GroupState with(String name, String newPath, Map<String, String> inline, List<String> attached,
                    List<GroupMember> newMembers) {
        return new GroupState(accountId, name, groupId, newPath, createDate,
                Collections.unmodifiableSortedMap(new TreeMap<>(inline)), List.copyOf(attached),
                List.copyOf(newMembers));
    }
}

package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.GroupCommand.*;
import dev.opensts.iam.GroupEvent.*;
import dev.opensts.policy.PolicyKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** The group aggregate: decide(command, state) and evolve(state, event). */
public final class GroupDecider {
    private GroupDecider() {
    }

    /**
     * @param state  the group, or null when no group of that name exists
     * @param quotas the deployment's IAM quotas (attached policies per entity)
     * @param groups the quotas on groups (inline policy size)
     */
    public static List<GroupEvent> decide(GroupCommand command, GroupState state, Quotas quotas,
                                          GroupQuotas groups) {
        if (!(command instanceof CreateGroup) && !(command instanceof CopyGroup) && state == null) {
            throw noSuchGroup(command.groupName());
        }
        String a = command.accountId();
        return switch (command) {
            case CreateGroup c -> {
                requireFree(state, c.groupName());
                yield List.of(new GroupCreated(a, c.groupName(), c.groupId(), c.path(), c.at()));
            }
            case CopyGroup c -> {
                requireFree(state, c.groupName());
                GroupState f = c.from();
                yield List.of(new GroupRenamedFrom(a, c.groupName(), f.groupName(), f.groupId(), c.newPath(),
                        f.createDate(), f.inlinePolicies(), f.attachedPolicyArns(), f.members()));
            }
            case MoveGroup c -> {
                if (!state.equals(c.copied())) {
                    throw new AwsException(ErrorCode.ConcurrentModification, "The group " + state.groupName()
                            + " changed while it was being renamed. Submit your request again.");
                }
                yield List.of(new GroupRenamedTo(a, state.groupName(), c.newGroupName()));
            }
            case ChangeGroupPath c -> {
                if (!StreamIds.group(a, c.newGroupName()).equals(StreamIds.group(a, state.groupName()))) {
                    throw new IllegalArgumentException("a new name of another stream is a move");
                }
                if (c.newGroupName().equals(state.groupName()) && c.newPath().equals(state.path())) {
                    yield List.of();
                }
                yield List.of(new GroupUpdated(a, state.groupName(), c.newGroupName(), c.newPath()));
            }
            case DeleteGroup c -> {
                if (state.members().stream().anyMatch(m -> c.liveUserIds().contains(m.userId()))) {
                    throw AwsException.of(ErrorCode.DeleteConflict,
                            "Cannot delete entity, must remove users from group first.");
                }
                if (!state.inlinePolicies().isEmpty()) {
                    throw AwsException.of(ErrorCode.DeleteConflict, "Cannot delete entity, must delete policies first.");
                }
                if (!state.attachedPolicyArns().isEmpty()) {
                    throw AwsException.of(ErrorCode.DeleteConflict,
                            "Cannot delete entity, must detach all policies first.");
                }
                yield List.of(new GroupDeleted(a, state.groupName()));
            }
            case AddUserToGroup c -> state.hasMember(c.userId()) ? List.of()
                    : List.of(new UserAddedToGroup(a, state.groupName(), c.userName(), c.userId()));
            case RemoveUserFromGroup c -> {
                if (!state.hasMember(c.userId())) {
                    throw AwsException.noSuchEntity("The user with name " + c.userName() + " is not in group "
                            + state.groupName() + ".");
                }
                yield List.of(new UserRemovedFromGroup(a, state.groupName(), c.userName(), c.userId()));
            }
            case PutGroupPolicy c -> {
                if (PolicyDocuments.inlineTotal(state.inlinePolicies(), c.policyName(), c.document())
                        > groups.groupInlinePolicySize()) {
                    throw AwsException.of(ErrorCode.LimitExceeded, "Maximum policy size of %d bytes exceeded for "
                            + "group %s", groups.groupInlinePolicySize(), state.groupName());
                }
                // a group's policies are identity-based policies of its members: the rules of a user's apply
                PolicyDocuments.validate(c.document(), PolicyKind.USER_INLINE);
                yield List.of(new GroupPolicyPut(a, state.groupName(), c.policyName(), c.document()));
            }
            case DeleteGroupPolicy c -> {
                if (!state.inlinePolicies().containsKey(c.policyName())) {
                    throw AwsException.noSuchEntity("The group policy with name " + c.policyName()
                            + " cannot be found.");
                }
                yield List.of(new GroupPolicyDeleted(a, state.groupName(), c.policyName()));
            }
            case AttachGroupPolicy c -> {
                if (state.attachedPolicyArns().contains(c.policyArn())) {
                    yield List.of();
                }
                if (state.attachedPolicyArns().size() >= quotas.attachedPoliciesPerEntity()) {
                    throw AwsException.of(ErrorCode.LimitExceeded, "Cannot exceed quota for PoliciesPerGroup: %d",
                            quotas.attachedPoliciesPerEntity());
                }
                yield List.of(new GroupPolicyAttached(a, state.groupName(), c.policyArn()));
            }
            case DetachGroupPolicy c -> {
                if (!state.attachedPolicyArns().contains(c.policyArn())) {
                    throw AwsException.noSuchEntity("Policy " + c.policyArn() + " was not found.");
                }
                yield List.of(new GroupPolicyDetached(a, state.groupName(), c.policyArn()));
            }
        };
    }

    private static void requireFree(GroupState state, String groupName) {
        if (state != null) {
            throw AwsException.of(ErrorCode.EntityAlreadyExists, "Group with name %s already exists.", groupName);
        }
    }

    public static AwsException noSuchGroup(String groupName) {
        return AwsException.noSuchEntity("The group with name " + groupName + " cannot be found.");
    }

    /** @return the group after the event; null once deleted or renamed away */
    public static GroupState evolve(GroupState s, GroupEvent event) {
        return switch (event) {
            case GroupCreated e -> new GroupState(e.accountId(), e.groupName(), e.groupId(), e.path(), e.createDate(),
                    java.util.Collections.emptySortedMap(), List.of(), List.of());
            case GroupRenamedFrom e -> new GroupState(e.accountId(), e.groupName(), e.groupId(), e.path(),
                    e.createDate(), java.util.Collections.emptySortedMap(), List.of(), List.of())
                    .with(e.groupName(), e.path(), e.inlinePolicies(), e.attachedPolicyArns(), e.members());
            case GroupUpdated e -> s.with(e.newGroupName(), e.newPath(), s.inlinePolicies(), s.attachedPolicyArns(),
                    s.members());
            case GroupRenamedTo e -> null;
            case GroupDeleted e -> null;
            case UserAddedToGroup e -> {
                var members = new ArrayList<>(s.members());
                members.add(new GroupMember(e.userName(), e.userId()));
                members.sort(java.util.Comparator.comparing((GroupMember m) -> m.userName().toLowerCase(Locale.ROOT))
                        .thenComparing(GroupMember::userId));
                yield s.with(s.groupName(), s.path(), s.inlinePolicies(), s.attachedPolicyArns(), members);
            }
            case UserRemovedFromGroup e -> s.with(s.groupName(), s.path(), s.inlinePolicies(),
                    s.attachedPolicyArns(), s.members().stream().filter(m -> !m.userId().equals(e.userId())).toList());
            case GroupPolicyPut e -> {
                var inline = new TreeMap<>(s.inlinePolicies());
                inline.put(e.policyName(), e.document());
                yield s.with(s.groupName(), s.path(), inline, s.attachedPolicyArns(), s.members());
            }
            case GroupPolicyDeleted e -> {
                var inline = new TreeMap<>(s.inlinePolicies());
                inline.remove(e.policyName());
                yield s.with(s.groupName(), s.path(), inline, s.attachedPolicyArns(), s.members());
            }
            case GroupPolicyAttached e -> {
                var attached = new ArrayList<>(s.attachedPolicyArns());
                attached.add(e.policyArn());
                yield s.with(s.groupName(), s.path(), s.inlinePolicies(), attached, s.members());
            }
            case GroupPolicyDetached e -> {
                var attached = new ArrayList<>(s.attachedPolicyArns());
                attached.remove(e.policyArn());
                yield s.with(s.groupName(), s.path(), s.inlinePolicies(), attached, s.members());
            }
        };
    }
}

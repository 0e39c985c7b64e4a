package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.iam.GroupCommand;
import dev.opensts.iam.GroupDecider;
import dev.opensts.iam.GroupMember;
import dev.opensts.iam.GroupQuotas;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The group use cases, with the rules of {@link Users} and {@link Roles}: authorization for the IAM action on the
 * group's ARN (its real path once it exists) before any lookup, then what spans aggregates (the user exists in the
 * caller's account and has room for one more group, the managed policy exists, the account has room), then the
 * group's decider through the command bus. A member is bound to its user's unique id.
 */
public final class Groups {
    /** A group with its members that exist now, in case-folded name order (GetGroup). */
    public record GroupWithUsers(GroupState group, List<UserState> users) {
    }

    private final IamContext iam;
    private final GroupQuotas quotas;

    public Groups(IamContext iam, GroupQuotas quotas) {
        this.iam = iam;
        this.quotas = quotas;
    }

    public Uni<GroupState> create(Caller c, String groupName, String path, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String p = path == null ? "/" : path;
            iam.authorizer().require(c, "iam:CreateGroup", Arn.iam(account, "group", p, groupName).toString());
            var command = new GroupCommand.CreateGroup(account, groupName, iam.ids().uniqueId("AGPA"), p,
                    iam.clock().instant());
            return iam.bus().<GroupState>execute(StreamIds.group(account, groupName), s -> {
                if (s == null) {
                    Entities.requireRoomFor(iam.view().count(account, "group"), quotas.groupsPerAccount(),
                            "GroupsPerAccount");
                }
                return decide(command, s);
            }, c.actor(), requestId).map(x -> iam.view().group(account, groupName));
        });
    }

    public Uni<GroupWithUsers> get(Caller c, String groupName) {
        return Uni.createFrom().item(() -> {
            GroupState g = read(c, "iam:GetGroup", groupName);
            var users = new ArrayList<UserState>();
            for (GroupMember m : g.members()) {
                UserState u = live(c.accountId(), m);
                if (u != null) {
                    users.add(u);
                }
            }
            return new GroupWithUsers(g, List.copyOf(users));
        });
    }

    /** The account's groups whose path starts with the prefix, in case-folded name order. */
    public Uni<List<GroupState>> list(Caller c, String pathPrefix) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListGroups", Arn.iam(c.accountId(), "group", "/", "*").toString());
            String prefix = pathPrefix == null ? "/" : pathPrefix;
            return iam.view().groups(c.accountId()).stream().filter(g -> g.path().startsWith(prefix)).toList();
        });
    }

    /** The groups the named user (this user, by its id) is in, in case-folded name order. */
    public Uni<List<GroupState>> groupsForUser(Caller c, String userName) {
        return Uni.createFrom().item(() -> {
            String account = c.accountId();
            UserState u = iam.view().user(account, userName);
            String arn = u != null ? u.arn() : Arn.iamUser(account, "/", userName).toString();
            iam.authorizer().require(c, "iam:ListGroupsForUser", arn);
            if (u == null) {
                throw noSuchUser(userName);
            }
            return iam.view().groupsOf(account, u.userId());
        });
    }

    public Uni<InlinePolicy> inlinePolicy(Caller c, String groupName, String policyName) {
        return Uni.createFrom().item(() -> {
            GroupState g = read(c, "iam:GetGroupPolicy", groupName);
            String document = g.inlinePolicies().get(policyName);
            if (document == null) {
                throw AwsException.noSuchEntity("The group policy with name " + policyName + " cannot be found.");
            }
            return new InlinePolicy(g.groupName(), policyName, document);
        });
    }

    public Uni<List<String>> inlinePolicyNames(Caller c, String groupName) {
        return Uni.createFrom().item(() ->
                List.copyOf(read(c, "iam:ListGroupPolicies", groupName).inlinePolicies().keySet()));
    }

    public Uni<List<String>> attachedPolicies(Caller c, String groupName, String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        return Uni.createFrom().item(() -> read(c, "iam:ListAttachedGroupPolicies", groupName).attachedPolicyArns()
                .stream().filter(a -> Entities.pathStartsWith(a, prefix)).sorted().toList());
    }

    /**
     * UpdateGroup: a new path or a new name. The caller needs iam:UpdateGroup on the group as it is and as it
     * will be (AWS: "permission to change the group with the old name and the new name"). A new name is another
     * stream: the group is copied there, then its old name given up if it did not change meanwhile (otherwise the
     * copy is withdrawn and the caller gets ConcurrentModification).
     */
    public Uni<Void> update(Caller c, String groupName, String newGroupName, String newPath, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:UpdateGroup", arn(account, groupName));
            GroupState g = existing(account, groupName);
            String name = newGroupName == null ? g.groupName() : newGroupName;
            String path = newPath == null ? g.path() : newPath;
            iam.authorizer().require(c, "iam:UpdateGroup", Arn.iam(account, "group", path, name).toString());
            String from = StreamIds.group(account, g.groupName());
            String to = StreamIds.group(account, name);
            if (from.equals(to)) {
                var command = new GroupCommand.ChangeGroupPath(account, g.groupName(), name, path);
                return iam.bus().<GroupState>execute(from, s -> decide(command, s), c.actor(), requestId);
            }
            var copy = new GroupCommand.CopyGroup(account, name, g, path);
            var move = new GroupCommand.MoveGroup(account, g.groupName(), g, name);
            return iam.bus().<GroupState>execute(to, s -> decide(copy, s), c.actor(), requestId)
                    .chain(() -> iam.bus().<GroupState>execute(from, s -> decide(move, s), c.actor(), requestId)
                            // the old name could not be given up: withdraw the copy, the caller sees the failure
                            .onFailure().call(e -> iam.bus().<GroupState>execute(to, s ->
                                    s != null && s.groupId().equals(g.groupId())
                                            ? decide(new GroupCommand.MoveGroup(account, name, s, g.groupName()), s)
                                            : List.of(), c.actor(), requestId)
                                    .onFailure().recoverWithNull()));
        });
    }

    /** DeleteGroup: refused while users (that exist) are in it or it has policies. */
    public Uni<Void> delete(Caller c, String groupName, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:DeleteGroup", arn(account, groupName));
            GroupState g = existing(account, groupName);
            Set<String> live = new HashSet<>();
            for (GroupMember m : g.members()) {
                if (live(account, m) != null) {
                    live.add(m.userId());
                }
            }
            var command = new GroupCommand.DeleteGroup(account, g.groupName(), live);
            return iam.bus().<GroupState>execute(StreamIds.group(account, g.groupName()), s -> decide(command, s),
                    c.actor(), requestId);
        });
    }

    /** AddUserToGroup, authorized on the group's ARN; the user must exist in the caller's account. */
    public Uni<Void> addUser(Caller c, String groupName, String userName, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:AddUserToGroup", arn(account, groupName));
            GroupState g = existing(account, groupName);
            UserState u = iam.view().user(account, userName);
            if (u == null) {
                throw noSuchUser(userName);
            }
            var command = new GroupCommand.AddUserToGroup(account, g.groupName(), u.userName(), u.userId());
            return iam.bus().<GroupState>execute(StreamIds.group(account, g.groupName()), s -> {
                if (s != null && !s.hasMember(u.userId())) {
                    Entities.requireRoomFor(iam.view().groupsOf(account, u.userId()).size(), quotas.groupsPerUser(),
                            "GroupsPerUser");
                }
                return decide(command, s);
            }, c.actor(), requestId);
        });
    }

    public Uni<Void> removeUser(Caller c, String groupName, String userName, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:RemoveUserFromGroup", arn(account, groupName));
            GroupState g = existing(account, groupName);
            UserState u = iam.view().user(account, userName);
            if (u == null) {
                throw noSuchUser(userName);
            }
            var command = new GroupCommand.RemoveUserFromGroup(account, g.groupName(), u.userName(), u.userId());
            return iam.bus().<GroupState>execute(StreamIds.group(account, g.groupName()), s -> decide(command, s),
                    c.actor(), requestId);
        });
    }

    public Uni<Void> putPolicy(Caller c, String groupName, String policyName, String document, String requestId) {
        return change(c, groupName, name -> new GroupCommand.PutGroupPolicy(c.accountId(), name, policyName,
                document), requestId);
    }

    public Uni<Void> deletePolicy(Caller c, String groupName, String policyName, String requestId) {
        return change(c, groupName, name -> new GroupCommand.DeleteGroupPolicy(c.accountId(), name, policyName),
                requestId);
    }

    public Uni<Void> attachPolicy(Caller c, String groupName, String policyArn, String requestId) {
        return change(c, groupName, name -> new GroupCommand.AttachGroupPolicy(c.accountId(), name, policyArn),
                requestId);
    }

    public Uni<Void> detachPolicy(Caller c, String groupName, String policyArn, String requestId) {
        return change(c, groupName, name -> new GroupCommand.DetachGroupPolicy(c.accountId(), name, policyArn),
                requestId);
    }

    /** Authorizes the command's action on the group (with its condition keys), then runs it on the group. */
    private Uni<Void> change(Caller c, String groupName, Function<String, GroupCommand> command, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            GroupCommand asked = command.apply(groupName);
            iam.authorizer().require(c, action(asked), arn(account, groupName), IamRequestKeys.of(asked));
            GroupState g = existing(account, groupName);
            GroupCommand checked = command.apply(g.groupName());
            if (checked instanceof GroupCommand.AttachGroupPolicy a) {
                Entities.attachable(iam.view(), account, a.policyArn());
            }
            return iam.bus().<GroupState>execute(StreamIds.group(account, g.groupName()), s -> decide(checked, s),
                    c.actor(), requestId);
        });
    }

    /** The IAM action a command is authorized as. */
    static String action(GroupCommand command) {
        return switch (command) {
            case GroupCommand.CreateGroup x -> "iam:CreateGroup";
            case GroupCommand.DeleteGroup x -> "iam:DeleteGroup";
            case GroupCommand.ChangeGroupPath x -> "iam:UpdateGroup";
            case GroupCommand.CopyGroup x -> "iam:UpdateGroup";
            case GroupCommand.MoveGroup x -> "iam:UpdateGroup";
            case GroupCommand.AddUserToGroup x -> "iam:AddUserToGroup";
            case GroupCommand.RemoveUserFromGroup x -> "iam:RemoveUserFromGroup";
            case GroupCommand.PutGroupPolicy x -> "iam:PutGroupPolicy";
            case GroupCommand.DeleteGroupPolicy x -> "iam:DeleteGroupPolicy";
            case GroupCommand.AttachGroupPolicy x -> "iam:AttachGroupPolicy";
            case GroupCommand.DetachGroupPolicy x -> "iam:DetachGroupPolicy";
        };
    }

    private List<dev.opensts.iam.GroupEvent> decide(GroupCommand command, GroupState s) {
        return GroupDecider.decide(command, s, iam.quotas(), quotas);
    }

    /** The user a member names, if it is still that user (same id); null when deleted (or deleted and re-created). */
    private UserState live(String account, GroupMember m) {
        UserState u = iam.view().user(account, m.userName());
        if (u != null && u.userId().equals(m.userId())) {
            return u;
        }
        // renamed since it was added (UpdateUser): the member is bound to the id, not the name
        for (UserState other : iam.view().users(account)) {
            if (other.userId().equals(m.userId())) {
                return other;
            }
        }
        return null;
    }

    private GroupState read(Caller c, String action, String groupName) {
        iam.authorizer().require(c, action, arn(c.accountId(), groupName));
        return existing(c.accountId(), groupName);
    }

    /** The group's ARN for authorization: its real path when it exists, "/" otherwise. */
    private String arn(String account, String groupName) {
        GroupState g = iam.view().group(account, groupName);
        return g != null ? g.arn() : Arn.iam(account, "group", "/", groupName).toString();
    }

    private GroupState existing(String account, String groupName) {
        GroupState g = iam.view().group(account, groupName);
        if (g == null) {
            throw GroupDecider.noSuchGroup(groupName);
        }
        return g;
    }

    private static AwsException noSuchUser(String userName) {
        return AwsException.noSuchEntity("The user with name " + userName + " cannot be found.");
    }

}

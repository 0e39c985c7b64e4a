package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.InstanceProfileCommand;
import dev.opensts.iam.InstanceProfileDecider;
import dev.opensts.iam.InstanceProfileState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import dev.opensts.view.LiveView;
import io.smallrye.mutiny.Uni;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The instance profile use cases. Each is authorized with its {@code iam:} action on the profile's ARN (its real path
 * once it exists, "/" otherwise), ListInstanceProfilesForRole on the role's ARN, and AddRoleToInstanceProfile also
 * with {@code iam:PassRole} on the role's ARN, as AWS documents. A profile holds a role by its unique id: only a role
 * of that name that still has that id is in the profile (answered, counted against the quota, blocking deletion).
 */
public final class InstanceProfiles {
    /** What CreateInstanceProfile takes; null members are absent from the request. */
    public record NewProfile(String instanceProfileName, String path, List<Tag> tags) {
    }

    /** A profile and the roles it holds that still exist (GetInstanceProfile's InstanceProfile with its Roles). */
    public record Profile(InstanceProfileState state, List<RoleState> roles) {
    }

    private final IamContext iam;

    public InstanceProfiles(IamContext iam) {
        this.iam = iam;
    }

    public Uni<Profile> create(Caller c, NewProfile p, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String path = p.path() == null ? "/" : p.path();
            List<Tag> tags = p.tags() == null ? List.of() : p.tags();
            var command = new InstanceProfileCommand.CreateInstanceProfile(account, p.instanceProfileName(),
                    iam.ids().uniqueId("AIPA"), path, tags, iam.clock().instant());
            iam.authorizer().require(c, "iam:CreateInstanceProfile",
                    Arn.iam(account, "instance-profile", path, p.instanceProfileName()).toString(),
                    IamRequestKeys.of(command));
            return iam.bus().<InstanceProfileState>execute(stream(account, p.instanceProfileName()), s -> {
                if (s == null) {
                    Entities.requireRoomFor(iam.view().count(account, "instance-profile"),
                            InstanceProfileDecider.MAX_PER_ACCOUNT, "InstanceProfilesPerAccount");
                }
                return InstanceProfileDecider.decide(command, s, iam.quotas());
            }, c.actor(), requestId).map(x -> profile(existing(account, p.instanceProfileName())));
        });
    }

    public Uni<Profile> get(Caller c, String name) {
        return read(c, "iam:GetInstanceProfile", name).map(this::profile);
    }

    /** The account's profiles whose path starts with the prefix, in case-folded name order. */
    public Uni<List<Profile>> list(Caller c, String pathPrefix) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListInstanceProfiles",
                    Arn.iam(c.accountId(), "instance-profile", "/", "*").toString());
            String prefix = pathPrefix == null ? "/" : pathPrefix;
            return iam.view().instanceProfiles(c.accountId()).stream().filter(p -> p.path().startsWith(prefix))
                    .map(this::profile).toList();
        });
    }

    /** The profiles the role is in, in case-folded name order; NoSuchEntity for a role that does not exist. */
    public Uni<List<Profile>> forRole(Caller c, String roleName) {
        return Uni.createFrom().item(() -> {
            String account = c.accountId();
            RoleState role = iam.view().role(account, roleName);
            iam.authorizer().require(c, "iam:ListInstanceProfilesForRole", role != null ? role.arn()
                    : Arn.iamRole(account, "/", roleName).toString());
            if (role == null) {
                throw AwsException.noSuchEntity("The role with name " + roleName + " cannot be found.");
            }
            return containing(iam.view(), account, role).stream().map(this::profile).toList();
        });
    }

    public Uni<List<Tag>> tags(Caller c, String name) {
        return read(c, "iam:ListInstanceProfileTags", name).map(InstanceProfileState::tags);
    }

    public Uni<Void> delete(Caller c, String name, String requestId) {
        return change(c, "iam:DeleteInstanceProfile", name,
                s -> new InstanceProfileCommand.DeleteInstanceProfile(c.accountId(), name, liveRoleIds(s)), requestId);
    }

    /** Adds the role, which must exist; the caller must also be allowed to pass it (iam:PassRole on its ARN). */
    public Uni<Void> addRole(Caller c, String name, String roleName, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:AddRoleToInstanceProfile", arn(account, name));
            RoleState role = iam.view().role(account, roleName);
            iam.authorizer().require(c, "iam:PassRole", role != null ? role.arn()
                    : Arn.iamRole(account, "/", roleName).toString());
            if (iam.view().instanceProfile(account, name) == null) {
                throw InstanceProfileDecider.notFound(name);
            }
            if (role == null) {
                throw AwsException.noSuchEntity("The role with name " + roleName + " cannot be found.");
            }
            return iam.bus().<InstanceProfileState>execute(stream(account, name),
                    s -> InstanceProfileDecider.decide(new InstanceProfileCommand.AddRoleToInstanceProfile(account,
                            name, role.roleName(), role.roleId(), s == null ? Set.of() : liveRoleIds(s)), s,
                            iam.quotas()), c.actor(), requestId);
        });
    }

    public Uni<Void> removeRole(Caller c, String name, String roleName, String requestId) {
        return change(c, "iam:RemoveRoleFromInstanceProfile", name, s -> {
            RoleState role = iam.view().role(c.accountId(), roleName);
            return new InstanceProfileCommand.RemoveRoleFromInstanceProfile(c.accountId(), name,
                    role == null ? roleName : role.roleName(), role == null ? null : role.roleId());
        }, requestId);
    }

    public Uni<Void> tag(Caller c, String name, List<Tag> tags, String requestId) {
        List<Tag> given = tags == null ? List.of() : tags;
        return change(c, "iam:TagInstanceProfile", name,
                s -> new InstanceProfileCommand.TagInstanceProfile(c.accountId(), name, given), requestId);
    }

    public Uni<Void> untag(Caller c, String name, List<String> tagKeys, String requestId) {
        List<String> keys = tagKeys == null ? List.of() : tagKeys;
        return change(c, "iam:UntagInstanceProfile", name,
                s -> new InstanceProfileCommand.UntagInstanceProfile(c.accountId(), name, keys), requestId);
    }

    /**
     * DeleteRole's rule that spans aggregates: a role in an instance profile is not deleted (AWS's DeleteConflict).
     * Nothing for a role that does not exist (its decider answers that).
     */
    static void requireInNoProfile(LiveView view, String account, String roleName) {
        RoleState role = view.role(account, roleName);
        if (role != null && !containing(view, account, role).isEmpty()) {
            throw new AwsException(ErrorCode.DeleteConflict,
                    "Cannot delete entity, must remove roles from instance profile first.");
        }
    }

    /** The account's profiles that hold this role (by its unique id). */
    private static List<InstanceProfileState> containing(LiveView view, String account, RoleState role) {
        return view.instanceProfiles(account).stream().filter(p -> p.holds(role.roleId())).toList();
    }

    /**
     * Authorizes the action on the profile's ARN (with the command's request keys), then runs the command built
     * against the profile's state as the bus decides it.
     */
    private Uni<Void> change(Caller c, String action, String name,
                             Function<InstanceProfileState, InstanceProfileCommand> commandFor, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            // request keys depend only on what the caller sent (tags, tag keys), never on the state
            iam.authorizer().require(c, action, arn(account, name),
                    IamRequestKeys.of(commandFor.apply(iam.view().instanceProfile(account, name))));
            return iam.bus().<InstanceProfileState>execute(stream(account, name),
                    s -> InstanceProfileDecider.decide(commandFor.apply(s), s, iam.quotas()), c.actor(), requestId);
        });
    }

    /** Which of the profile's roles still exist under the id the profile holds. */
    private Set<String> liveRoleIds(InstanceProfileState s) {
        var live = new HashSet<String>();
        if (s != null) {
            for (InstanceProfileState.Member m : s.roles()) {
                RoleState r = iam.view().role(s.accountId(), m.roleName());
                if (r != null && r.roleId().equals(m.roleId())) {
                    live.add(m.roleId());
                }
            }
        }
        return live;
    }

    private Profile profile(InstanceProfileState s) {
        List<RoleState> roles = s.roles().stream()
                .map(m -> iam.view().role(s.accountId(), m.roleName()))
                .filter(r -> r != null && s.holds(r.roleId()))
                .distinct().toList();
        return new Profile(s, roles);
    }

    /** Authorizes a read of one profile, then finds it. */
    private Uni<InstanceProfileState> read(Caller c, String action, String name) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, action, arn(c.accountId(), name));
            return existing(c.accountId(), name);
        });
    }

    /** The profile's ARN for authorization: its real path when it exists, "/" otherwise. */
    private String arn(String account, String name) {
        InstanceProfileState p = iam.view().instanceProfile(account, name);
        return p != null ? p.arn() : Arn.iam(account, "instance-profile", "/", name).toString();
    }

    private InstanceProfileState existing(String account, String name) {
        InstanceProfileState p = iam.view().instanceProfile(account, name);
        if (p == null) {
            throw InstanceProfileDecider.notFound(name);
        }
        return p;
    }

    private static String stream(String account, String name) {
        return StreamIds.instanceProfile(account, name);
    }
}

package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.InstanceProfileCommand.*;
import dev.opensts.iam.InstanceProfileEvent.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The instance profile aggregate: decide(command, state) and evolve(state, event), both pure. AWS's rules: one
 * profile per name in an account (names compare without case), at most one role in a profile (a quota AWS does not
 * raise), no deletion while it holds a role, tags as on every IAM entity. Only the roles the caller found still alive
 * count: a profile may hold the id of a role deleted meanwhile (the two are different aggregates), which neither
 * fills it nor keeps it from being deleted.
 */
public final class InstanceProfileDecider {
    /** AWS's quota InstanceSessionsPerInstanceProfile. */
    public static final int MAX_ROLES = 1;
    /** AWS's quota InstanceProfilesPerAccount. */
    public static final int MAX_PER_ACCOUNT = 1000;

    private InstanceProfileDecider() {
    }

    /**
     * @param state  the profile, or null when the account has none of that name
     * @param quotas the deployment's IAM quotas (tags)
     */
    public static List<InstanceProfileEvent> decide(InstanceProfileCommand command, InstanceProfileState state,
                                                    Quotas quotas) {
        if (!(command instanceof CreateInstanceProfile) && state == null) {
            throw notFound(command.instanceProfileName());
        }
        return switch (command) {
            case CreateInstanceProfile c -> {
                if (state != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists, "Instance Profile %s already exists.",
                            c.instanceProfileName());
                }
                List<Tag> tags = Tags.checked(List.of(), c.tags() == null ? List.of() : c.tags(),
                        quotas.tagsPerEntity());
                yield List.of(new InstanceProfileCreated(c.accountId(), c.instanceProfileName(),
                        c.instanceProfileId(), c.path(), tags, c.at()));
            }
            case AddRoleToInstanceProfile c -> {
                if (live(state, c.liveRoleIds()) >= MAX_ROLES) {
                    throw AwsException.of(ErrorCode.LimitExceeded,
                            "Cannot exceed quota for InstanceSessionsPerInstanceProfile: %d", MAX_ROLES);
                }
                yield List.of(new RoleAddedToInstanceProfile(c.accountId(), state.instanceProfileName(),
                        c.roleName(), c.roleId()));
            }
            case RemoveRoleFromInstanceProfile c -> {
                if (c.roleId() == null) {
                    throw AwsException.noSuchEntity("The role with name " + c.roleName() + " cannot be found.");
                }
                if (!state.holds(c.roleId())) {
                    throw AwsException.noSuchEntity("Role " + c.roleName() + " in Instance Profile "
                            + state.instanceProfileName() + " cannot be found.");
                }
                yield List.of(new RoleRemovedFromInstanceProfile(c.accountId(), state.instanceProfileName(),
                        c.roleName(), c.roleId()));
            }
            case TagInstanceProfile c -> {
                Tags.checked(state.tags(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new InstanceProfileTagged(c.accountId(), state.instanceProfileName(), c.tags()));
            }
            case UntagInstanceProfile c ->
                    List.of(new InstanceProfileUntagged(c.accountId(), state.instanceProfileName(), c.tagKeys()));
            case DeleteInstanceProfile c -> {
                if (live(state, c.liveRoleIds()) > 0) {
                    throw AwsException.of(ErrorCode.DeleteConflict,
                            "Cannot delete entity, must remove roles from instance profile first.");
                }
                yield List.of(new InstanceProfileDeleted(c.accountId(), state.instanceProfileName()));
            }
        };
    }

    /** How many of the profile's roles are among the live ones. */
    private static long live(InstanceProfileState s, Set<String> liveRoleIds) {
        return s.roles().stream().filter(m -> liveRoleIds != null && liveRoleIds.contains(m.roleId())).count();
    }

    /** @return the profile after the event; null once deleted */
    public static InstanceProfileState evolve(InstanceProfileState s, InstanceProfileEvent event) {
        return switch (event) {
            case InstanceProfileCreated e -> new InstanceProfileState(e.accountId(), e.instanceProfileName(),
                    e.instanceProfileId(), e.path(), List.of(), List.copyOf(e.tags()), e.createDate());
            case RoleAddedToInstanceProfile e -> {
                var roles = new ArrayList<>(s.roles());
                roles.add(new InstanceProfileState.Member(e.roleName(), e.roleId()));
                yield withRoles(s, roles);
            }
            case RoleRemovedFromInstanceProfile e ->
                    withRoles(s, s.roles().stream().filter(m -> !m.roleId().equals(e.roleId())).toList());
            case InstanceProfileTagged e -> withTags(s, Tags.merged(s.tags(), e.tags()));
            case InstanceProfileUntagged e -> withTags(s, Tags.remove(s.tags(), e.tagKeys()));
            case InstanceProfileDeleted e -> null;
        };
    }

    /** AWS's answer for a profile that does not exist. */
    public static AwsException notFound(String instanceProfileName) {
        return AwsException.noSuchEntity("Instance Profile " + instanceProfileName + " cannot be found.");
    }

    private static InstanceProfileState withRoles(InstanceProfileState s, List<InstanceProfileState.Member> roles) {
        return new InstanceProfileState(s.accountId(), s.instanceProfileName(), s.instanceProfileId(), s.path(),
                List.copyOf(roles), s.tags(), s.createDate());
    }

    private static InstanceProfileState withTags(InstanceProfileState s, List<Tag> tags) {
        return new InstanceProfileState(s.accountId(), s.instanceProfileName(), s.instanceProfileId(), s.path(),
                s.roles(), List.copyOf(tags), s.createDate());
    }
}

package dev.opensts.iam;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a caller asks of an instance profile. Ids and times are chosen by the caller of the decider. A role is named
 * with the unique id the caller found it under: a profile holds that id, so a role deleted and created again under
 * the same name is another role, never a member of a profile that held the first.
 */
public sealed interface InstanceProfileCommand {
    String accountId();

    String instanceProfileName();

    record CreateInstanceProfile(String accountId, String instanceProfileName, String instanceProfileId, String path,
                                 List<Tag> tags, Instant at) implements InstanceProfileCommand {
    }

    /**
     * roleId: the role's unique id now (the caller has checked that it exists); liveRoleIds: which of the profile's
     * roles still exist under the id the profile holds (as the caller found them), the only ones that count.
     */
    record AddRoleToInstanceProfile(String accountId, String instanceProfileName, String roleName, String roleId,
                                    Set<String> liveRoleIds) implements InstanceProfileCommand {
    }

    /** roleId: the unique id the role of that name has now, or null when there is no such role. */
    record RemoveRoleFromInstanceProfile(String accountId, String instanceProfileName, String roleName,
                                         String roleId) implements InstanceProfileCommand {
    }

    record TagInstanceProfile(String accountId, String instanceProfileName, List<Tag> tags)
            implements InstanceProfileCommand {
    }

    record UntagInstanceProfile(String accountId, String instanceProfileName, List<String> tagKeys)
            implements InstanceProfileCommand {
    }

    /** liveRoleIds: as in {@link AddRoleToInstanceProfile}; the profile is not deleted while one of them is in it. */
    record DeleteInstanceProfile(String accountId, String instanceProfileName, Set<String> liveRoleIds)
            implements InstanceProfileCommand {
    }
}

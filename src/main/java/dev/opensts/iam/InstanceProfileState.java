package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.List;

/**
 * An IAM instance profile: the container of (at most, on AWS, one) role that EC2 hands to an instance. A member is
 * held by the role's unique id, as AWS holds it: only a role of that name that still has that id is in the profile.
 */
public record InstanceProfileState(String accountId, String instanceProfileName, String instanceProfileId,
                                   String path, List<Member> roles, List<Tag> tags, Instant createDate)
        implements AggregateState {
    /** A role in the profile: its name and the unique id it had when it was added. */
    public record Member(String roleName, String roleId) {
    }

    public String arn() {
        return Arn.iam(accountId, "instance-profile", path, instanceProfileName).toString();
    }

    /** Whether the role of this unique id was added to the profile (and not removed since). */
    public boolean holds(String roleId) {
        return roles.stream().anyMatch(m -> m.roleId().equals(roleId));
    }
}

package dev.opensts.iam;

/**
 * IAM's quotas on groups, as AWS sets them by default. Managed policies attached to a group share
 * {@link Quotas#attachedPoliciesPerEntity()} with roles and users. A request that would go beyond one is refused with
 * LimitExceeded and changes nothing.
 *
 * @param groupsPerAccount      groups in one account (AWS: 300)
 * @param groupsPerUser         groups one user is in (AWS: 10)
 * @param groupInlinePolicySize all inline policies of one group together (AWS: 5,120)
 */
public record GroupQuotas(int groupsPerAccount, int groupsPerUser, int groupInlinePolicySize) {
    /** AWS's default quotas. */
    public static final GroupQuotas AWS = new GroupQuotas(300, 10, 5120);

    public GroupQuotas {
        if (groupsPerAccount < 1 || groupsPerUser < 1 || groupInlinePolicySize < 1) {
            throw new IllegalArgumentException("every IAM quota is at least 1");
        }
    }
}

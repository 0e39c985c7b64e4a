package dev.opensts.iam;

/**
 * IAM's quotas, as AWS sets them by default and a deployment may change them (OPENSTS_QUOTAS_*). Sizes count
 * the characters of a policy document that are not whitespace, as AWS counts them. A request that would go
 * beyond one is refused with LimitExceeded and changes nothing.
 *
 * @param rolesPerAccount           roles in one account (AWS: 1,000)
 * @param usersPerAccount           users in one account (AWS: 5,000)
 * @param policiesPerAccount        customer-managed policies in one account (AWS: 1,500)
 * @param roleInlinePolicySize      all inline policies of one role together (AWS: 10,240)
 * @param userInlinePolicySize      all inline policies of one user together (AWS: 2,048)
 * @param managedPolicySize         one managed policy document (AWS: 6,144)
 * @param trustPolicySize           one role trust policy (AWS: 2,048, adjustable to 4,096)
 * @param attachedPoliciesPerEntity managed policies attached to one role or user (AWS: 10, adjustable to 20)
 * @param accessKeysPerUser         access keys of one user (AWS: 2)
 * @param tagsPerEntity             tags on one role, user or policy (AWS: 50)
 */
public record Quotas(int rolesPerAccount, int usersPerAccount, int policiesPerAccount, int roleInlinePolicySize,
                     int userInlinePolicySize, int managedPolicySize, int trustPolicySize,
                     int attachedPoliciesPerEntity, int accessKeysPerUser, int tagsPerEntity) {

    /** AWS's default quotas. */
    public static final Quotas AWS = new Quotas(1000, 5000, 1500, 10240, 2048, 6144, 2048, 10, 2, 50);

    public Quotas {
        for (int q : new int[]{rolesPerAccount, usersPerAccount, policiesPerAccount, roleInlinePolicySize,
                userInlinePolicySize, managedPolicySize, trustPolicySize, attachedPoliciesPerEntity,
                accessKeysPerUser, tagsPerEntity}) {
            if (q < 1) {
                throw new IllegalArgumentException("every IAM quota is at least 1: " + q);
            }
        }
    }
}

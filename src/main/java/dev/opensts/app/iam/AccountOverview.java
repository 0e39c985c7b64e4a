package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.iam.GroupQuotas;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.InstanceProfileState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.Quotas;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole account at once: GetAccountSummary (counts and quotas) and GetAccountAuthorizationDetails (every user,
 * group, role and customer managed policy with their policies), both authorized on the account's root ARN as the
 * other account-level actions ({@link AccountSettings}).
 */
public final class AccountOverview {
    /** A user with the names of its groups. */
    public record UserDetail(UserState user, List<String> groupNames) {
    }

    /** A role with the instance profiles that hold it. */
    public record RoleDetail(RoleState role, List<InstanceProfileState> instanceProfiles) {
    }

    public record Details(List<UserDetail> users, List<GroupState> groups, List<RoleDetail> roles,
                          List<Policies.PolicyInUse> policies) {
    }

    /** AWS's fixed quotas that open-sts applies as constants (instance profiles, versions per policy, ...). */
    static final int INSTANCE_PROFILES_QUOTA = 1000;
    static final int VERSIONS_PER_POLICY_QUOTA = 5;
    static final int POLICY_VERSIONS_IN_USE_QUOTA = 10000;

    private final IamContext iam;
    private final Policies policies;
    private final GroupQuotas groupQuotas;

    public AccountOverview(IamContext iam, Policies policies, GroupQuotas groupQuotas) {
        this.iam = iam;
        this.policies = policies;
        this.groupQuotas = groupQuotas;
    }

    /** GetAccountSummary's SummaryMap: what open-sts holds, with the quotas it enforces. */
    public Uni<Map<String, Integer>> summary(Caller c) {
        return Uni.createFrom().item(() -> {
            String account = c.accountId();
            require(c, "iam:GetAccountSummary");
            Quotas q = iam.quotas();
            List<ManagedPolicyState> managed = iam.view().policies(account);
            var m = new TreeMap<String, Integer>();
            m.put("Users", iam.view().users(account).size());
            m.put("UsersQuota", q.usersPerAccount());
            m.put("Groups", iam.view().groups(account).size());
            m.put("GroupsQuota", groupQuotas.groupsPerAccount());
            m.put("GroupsPerUserQuota", groupQuotas.groupsPerUser());
            m.put("GroupPolicySizeQuota", groupQuotas.groupInlinePolicySize());
            m.put("Roles", iam.view().roles(account).size());
            m.put("RolesQuota", q.rolesPerAccount());
            m.put("RolePolicySizeQuota", q.roleInlinePolicySize());
            m.put("AssumeRolePolicySizeQuota", q.trustPolicySize());
            m.put("UserPolicySizeQuota", q.userInlinePolicySize());
            m.put("AccessKeysPerUserQuota", q.accessKeysPerUser());
            m.put("AttachedPoliciesPerUserQuota", q.attachedPoliciesPerEntity());
            m.put("AttachedPoliciesPerRoleQuota", q.attachedPoliciesPerEntity());
            m.put("AttachedPoliciesPerGroupQuota", q.attachedPoliciesPerEntity());
            m.put("Policies", managed.size());
            m.put("PoliciesQuota", q.policiesPerAccount());
            m.put("PolicySizeQuota", q.managedPolicySize());
            m.put("PolicyVersionsInUse", managed.stream().mapToInt(p -> p.versions().size()).sum());
            m.put("PolicyVersionsInUseQuota", POLICY_VERSIONS_IN_USE_QUOTA);
            m.put("VersionsPerPolicyQuota", VERSIONS_PER_POLICY_QUOTA);
            m.put("InstanceProfiles", iam.view().instanceProfiles(account).size());
            m.put("InstanceProfilesQuota", INSTANCE_PROFILES_QUOTA);
            m.put("Providers", iam.view().oidcProviders(account).size());
            // every account's root has an access key here (the configured one, or the admin API's)
            m.put("AccountAccessKeysPresent", 1);
            m.put("AccountMFAEnabled", 0);
            m.put("AccountPasswordPresent", 0);
            m.put("AccountSigningCertificatesPresent", 0);
            var devices = iam.view().mfaDevices(account);
            m.put("MFADevices", devices.size());
            m.put("MFADevicesInUse", (int) devices.stream().filter(d -> d.assigned()).count());
            m.put("ServerCertificates", 0);
            m.put("ServerCertificatesQuota", 20);
            m.put("SigningCertificatesPerUserQuota", 2);
            m.put("GlobalEndpointTokenVersion", 1);
            return m;
        });
    }

    /**
     * GetAccountAuthorizationDetails: the entities of the kinds the filter names (User, Group, Role,
     * LocalManagedPolicy, AWSManagedPolicy; all when empty). open-sts has no AWS managed policies.
     */
    public Uni<Details> details(Caller c, List<String> filter) {
        return Uni.createFrom().item(() -> {
            String account = c.accountId();
            require(c, "iam:GetAccountAuthorizationDetails");
            Set<String> kinds = filter == null || filter.isEmpty()
                    ? Set.of("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy") : Set.copyOf(filter);
            var users = new ArrayList<UserDetail>();
            if (kinds.contains("User")) {
                for (UserState u : iam.view().users(account)) {
                    users.add(new UserDetail(u, iam.view().groupsOf(account, u.userId()).stream()
                            .map(GroupState::groupName).toList()));
                }
            }
            List<GroupState> groups = kinds.contains("Group") ? iam.view().groups(account) : List.of();
            var roles = new ArrayList<RoleDetail>();
            if (kinds.contains("Role")) {
                Map<String, List<InstanceProfileState>> byRole = new HashMap<>();
                for (InstanceProfileState p : iam.view().instanceProfiles(account)) {
                    p.roles().forEach(m -> byRole.computeIfAbsent(m.roleId(), k -> new ArrayList<>()).add(p));
                }
                for (RoleState r : iam.view().roles(account)) {
                    roles.add(new RoleDetail(r, List.copyOf(byRole.getOrDefault(r.roleId(), List.of()))));
                }
            }
            List<Policies.PolicyInUse> managed = kinds.contains("LocalManagedPolicy")
                    ? policies.inUse(account) : List.of();
            return new Details(List.copyOf(users), groups, List.copyOf(roles), managed);
        });
    }

    private void require(Caller c, String action) {
        iam.authorizer().require(c, action, Arn.iamRoot(c.accountId()).toString());
    }
}

package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.InstanceProfiles;
import dev.opensts.app.iam.Groups;
import dev.opensts.app.iam.OidcProviders;
import dev.opensts.app.iam.PolicyEntities;
import dev.opensts.app.iam.Policies;
import dev.opensts.app.iam.PolicyVersions;
import dev.opensts.app.iam.Roles;
import dev.opensts.app.iam.Users;
import dev.opensts.app.trail.AccessKeyUsage;

import java.util.HashMap;
import java.util.Map;

/** Every IAM action open-sts serves, by the Query protocol's Action name. */
public final class IamActions {
    private IamActions() {
    }

    public static Map<String, Handler> all(Roles roles, Users users, Policies policies,
                                           OidcProviders oidcProviders, AccessKeyUsage accessKeyUsage,
                                           PolicyVersions policyVersions, InstanceProfiles instanceProfiles,
                                           Groups groups, PolicyEntities policyEntities,
                                           dev.opensts.app.iam.MfaDevices mfaDevices,
                                           dev.opensts.app.iam.LoginProfiles loginProfiles,
                                           dev.opensts.app.iam.AccountSettings accountSettings,
                                           dev.opensts.app.iam.AccountOverview accountOverview,
                                           dev.opensts.app.iam.ServiceAccess serviceAccess,
                                           dev.opensts.app.iam.Simulator simulator) {
        var actions = new HashMap<String, Handler>();
        new UsersApi(users).register(actions);
        new RolesApi(roles).register(actions);
        new PoliciesApi(policies).register(actions);
        new PolicyVersionsApi(policyVersions).register(actions);
        new OidcProvidersApi(oidcProviders).register(actions);
        new AccessKeyUsageApi(accessKeyUsage).register(actions);
        new InstanceProfilesApi(instanceProfiles).register(actions);
        ServiceLinkedRolesApi.register(actions);
        new GroupsApi(groups, policyEntities).register(actions);
        new MfaDevicesApi(mfaDevices).register(actions);
        new AccountApi(loginProfiles, accountSettings, accountOverview, serviceAccess).register(actions);
        new SimulatorApi(simulator).register(actions);
        return Map.copyOf(actions);
    }
}

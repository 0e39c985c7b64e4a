package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.AccountOverview;
import dev.opensts.app.iam.AccountSettings;
import dev.opensts.app.iam.LoginProfiles;
import dev.opensts.app.iam.ServiceAccess;
import dev.opensts.iam.PasswordPolicy;

import java.util.LinkedHashMap;
import java.util.Map;

/** Login profiles, the account password policy and the account alias: Query input in, output shapes out. */
final class AccountApi {
    private final LoginProfiles loginProfiles;
    private final AccountSettings settings;
    private final AccountOverview overview;
    private final ServiceAccess serviceAccess;

    AccountApi(LoginProfiles loginProfiles, AccountSettings settings, AccountOverview overview,
               ServiceAccess serviceAccess) {
        this.loginProfiles = loginProfiles;
        this.settings = settings;
        this.overview = overview;
        this.serviceAccess = serviceAccess;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateLoginProfile", (c, in, rid) -> loginProfiles.create(c, in.string("UserName"),
                        in.string("Password"), Boolean.TRUE.equals(in.bool("PasswordResetRequired")), rid)
                .map(p -> Map.of("LoginProfile", profile(p))));
        actions.put("GetLoginProfile", (c, in, rid) -> loginProfiles.get(c, in.string("UserName"))
                .map(p -> Map.of("LoginProfile", profile(p))));
        actions.put("UpdateLoginProfile", (c, in, rid) -> loginProfiles.update(c, in.string("UserName"),
                in.string("Password"), in.bool("PasswordResetRequired"), rid).map(Inputs::none));
        actions.put("DeleteLoginProfile", (c, in, rid) -> loginProfiles.delete(c, in.string("UserName"), rid)
                .map(Inputs::none));
        actions.put("ChangePassword", (c, in, rid) -> loginProfiles.changePassword(c, in.string("OldPassword"),
                in.string("NewPassword"), rid).map(Inputs::none));

        actions.put("GetAccountPasswordPolicy", (c, in, rid) -> settings.passwordPolicy(c)
                .map(p -> Map.of("PasswordPolicy", policy(p))));
        actions.put("UpdateAccountPasswordPolicy", (c, in, rid) -> settings.updatePasswordPolicy(c,
                new PasswordPolicy(orElse(in.integer("MinimumPasswordLength"), 6), is(in.bool("RequireSymbols")),
                        is(in.bool("RequireNumbers")), is(in.bool("RequireUppercaseCharacters")),
                        is(in.bool("RequireLowercaseCharacters")), is(in.bool("AllowUsersToChangePassword")),
                        orElse(in.integer("MaxPasswordAge"), 0), orElse(in.integer("PasswordReusePrevention"), 0),
                        in.bool("HardExpiry")), rid).map(Inputs::none));
        actions.put("DeleteAccountPasswordPolicy", (c, in, rid) -> settings.deletePasswordPolicy(c, rid)
                .map(Inputs::none));

        actions.put("CreateAccountAlias", (c, in, rid) -> settings.createAlias(c, in.string("AccountAlias"), rid)
                .map(Inputs::none));
        actions.put("DeleteAccountAlias", (c, in, rid) -> settings.deleteAlias(c, in.string("AccountAlias"), rid)
                .map(Inputs::none));
        if (overview != null) {
            actions.put("GetAccountSummary", (c, in, rid) -> overview.summary(c)
                    .map(m -> Map.of("SummaryMap", m)));
            actions.put("GetAccountAuthorizationDetails", (c, in, rid) -> overview.details(c, in.strings("Filter"))
                    .map(d -> AuthorizationDetails.page(d, in.string("Marker"), in.integer("MaxItems"))));
        }
        if (serviceAccess != null) {
            actions.put("ListPoliciesGrantingServiceAccess", (c, in, rid) -> serviceAccess.list(c, in.string("Arn"),
                    in.strings("ServiceNamespaces")).map(list -> {
                        var out = new LinkedHashMap<String, Object>();
                        out.put("PoliciesGrantingServiceAccess", list.stream().map(AccountApi::grants).toList());
                        out.put("IsTruncated", false);
                        return out;
                    }));
        }
        actions.put("ListAccountAliases", (c, in, rid) -> settings.aliases(c)
                .map(list -> Page.of(list, a -> a, a -> a, in.string("Marker"), in.integer("MaxItems"),
                        "AccountAliases")));
    }

    private static Map<String, Object> profile(LoginProfiles.Profile p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("UserName", p.userName());
        m.put("CreateDate", p.createDate());
        m.put("PasswordResetRequired", p.passwordResetRequired());
        return m;
    }

    private static Map<String, Object> policy(PasswordPolicy p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("MinimumPasswordLength", p.minimumPasswordLength());
        m.put("RequireSymbols", p.requireSymbols());
        m.put("RequireNumbers", p.requireNumbers());
        m.put("RequireUppercaseCharacters", p.requireUppercaseCharacters());
        m.put("RequireLowercaseCharacters", p.requireLowercaseCharacters());
        m.put("AllowUsersToChangePassword", p.allowUsersToChangePassword());
        m.put("ExpirePasswords", p.expirePasswords());
        if (p.maxPasswordAge() > 0) {
            m.put("MaxPasswordAge", p.maxPasswordAge());
        }
        if (p.passwordReusePrevention() > 0) {
            m.put("PasswordReusePrevention", p.passwordReusePrevention());
        }
        if (p.hardExpiry() != null) {
            m.put("HardExpiry", p.hardExpiry());
        }
        return m;
    }

    private static Map<String, Object> grants(ServiceAccess.ServiceGrants g) {
        var m = new LinkedHashMap<String, Object>();
        m.put("ServiceNamespace", g.serviceNamespace());
        m.put("Policies", g.policies().stream().map(p -> {
            var pm = new LinkedHashMap<String, Object>();
            pm.put("PolicyName", p.policyName());
            pm.put("PolicyType", p.type());
            if (p.policyArn() != null) {
                pm.put("PolicyArn", p.policyArn());
            }
            pm.put("EntityType", p.entityType());
            pm.put("EntityName", p.entityName());
            return (Map<String, Object>) pm;
        }).toList());
        return m;
    }

    private static boolean is(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    private static int orElse(Integer i, int otherwise) {
        return i == null ? otherwise : i;
    }
}

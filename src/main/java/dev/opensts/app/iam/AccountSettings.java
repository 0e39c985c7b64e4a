package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccountSettingsCommand;
import dev.opensts.iam.AccountSettingsDecider;
import dev.opensts.iam.AccountSettingsState;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.PasswordPolicy;
import dev.opensts.iam.StreamIds;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The account-level IAM use cases: the password policy (Get/Update/DeleteAccountPasswordPolicy) and the account
 * alias (Create/Delete/ListAccountAliases). AWS authorizes them on "*" (they name no resource); open-sts
 * evaluates them on the account's root ARN, which "*" matches and which ties them to the caller's account.
 */
public final class AccountSettings {
    private final IamContext iam;
    private final String defaultAccount;

    /** @param defaultAccount the configured account, which has no account aggregate of its own */
    public AccountSettings(IamContext iam, String defaultAccount) {
        this.iam = iam;
        this.defaultAccount = defaultAccount;
    }

    public Uni<PasswordPolicy> passwordPolicy(Caller c) {
        return Uni.createFrom().item(() -> {
            require(c, "iam:GetAccountPasswordPolicy");
            AccountSettingsState s = iam.view().accountSettings(c.accountId());
            if (s == null || s.passwordPolicy() == null) {
                throw AwsException.noSuchEntity("The Password Policy with domain name " + c.accountId()
                        + " cannot be found.");
            }
            return s.passwordPolicy();
        });
    }

    public Uni<Void> updatePasswordPolicy(Caller c, PasswordPolicy policy, String requestId) {
        return execute(c, "iam:UpdateAccountPasswordPolicy",
                new AccountSettingsCommand.UpdatePasswordPolicy(c.accountId(), policy), requestId);
    }

    public Uni<Void> deletePasswordPolicy(Caller c, String requestId) {
        return execute(c, "iam:DeleteAccountPasswordPolicy",
                new AccountSettingsCommand.DeletePasswordPolicy(c.accountId()), requestId);
    }

    /**
     * CreateAccountAlias: EntityAlreadyExists when any account holds the alias. Aliases are unique across the
     * deployment; the check reads the view, so two accounts racing for one new alias could both get it (the
     * window is one round trip; see docs/api.md).
     */
    public Uni<Void> createAlias(Caller c, String alias, String requestId) {
        return Uni.createFrom().deferred(() -> {
            require(c, "iam:CreateAccountAlias");
            String owner = owner(alias);
            if (owner != null && !owner.equals(c.accountId())) {
                throw AwsException.of(ErrorCode.EntityAlreadyExists, "The account alias %s already exists.", alias);
            }
            var command = new AccountSettingsCommand.CreateAlias(c.accountId(), alias);
            return iam.bus().<AccountSettingsState>execute(StreamIds.accountSettings(c.accountId()),
                    s -> AccountSettingsDecider.decide(command, s), c.actor(), requestId);
        });
    }

    public Uni<Void> deleteAlias(Caller c, String alias, String requestId) {
        return execute(c, "iam:DeleteAccountAlias", new AccountSettingsCommand.DeleteAlias(c.accountId(), alias),
                requestId);
    }

    public Uni<List<String>> aliases(Caller c) {
        return Uni.createFrom().item(() -> {
            require(c, "iam:ListAccountAliases");
            AccountSettingsState s = iam.view().accountSettings(c.accountId());
            return s == null || s.alias() == null ? List.of() : List.of(s.alias());
        });
    }

    /** The account holding the alias, or null. */
    private String owner(String alias) {
        var accounts = new java.util.ArrayList<String>();
        accounts.add(defaultAccount);
        for (AccountState a : iam.view().listAccounts()) {
            accounts.add(a.accountId());
        }
        for (String account : accounts) {
            AccountSettingsState s = iam.view().accountSettings(account);
            if (s != null && alias.equals(s.alias())) {
                return account;
            }
        }
        return null;
    }

    private Uni<Void> execute(Caller c, String action, AccountSettingsCommand command, String requestId) {
        return Uni.createFrom().deferred(() -> {
            require(c, action);
            return iam.bus().<AccountSettingsState>execute(StreamIds.accountSettings(c.accountId()),
                    s -> AccountSettingsDecider.decide(command, s), c.actor(), requestId);
        });
    }

    private void require(Caller c, String action) {
        iam.authorizer().require(c, action, Arn.iamRoot(c.accountId()).toString());
    }
}

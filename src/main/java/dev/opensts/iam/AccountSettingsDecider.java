package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccountSettingsCommand.*;
import dev.opensts.iam.AccountSettingsEvent.*;

import java.util.List;

/** The account settings aggregate (password policy, alias): decide(command, state) and evolve(state, event). */
public final class AccountSettingsDecider {
    private AccountSettingsDecider() {
    }

    /** @param state the account's settings, or null when none was ever set (or all were removed) */
    public static List<AccountSettingsEvent> decide(AccountSettingsCommand command, AccountSettingsState state) {
        String a = command.accountId();
        PasswordPolicy policy = state == null ? null : state.passwordPolicy();
        String alias = state == null ? null : state.alias();
        return switch (command) {
            case UpdatePasswordPolicy c -> c.passwordPolicy().equals(policy) ? List.of()
                    : List.of(new AccountPasswordPolicyUpdated(a, c.passwordPolicy()));
            case DeletePasswordPolicy c -> {
                if (policy == null) {
                    throw AwsException.noSuchEntity("The Password Policy with domain name " + a
                            + " cannot be found.");
                }
                yield List.of(new AccountPasswordPolicyDeleted(a));
            }
            case CreateAlias c -> {
                if (c.alias().equals(alias)) {
                    yield List.of();
                }
                if (alias != null) {
                    // one alias per account, as AWS allows: the old one must be deleted first
                    throw AwsException.of(ErrorCode.LimitExceeded,
                            "Cannot exceed quota for AccountAliasesPerAccount: 1");
                }
                yield List.of(new AccountAliasCreated(a, c.alias()));
            }
            case DeleteAlias c -> {
                if (!c.alias().equals(alias)) {
                    throw AwsException.noSuchEntity("The account alias " + c.alias() + " cannot be found.");
                }
                yield List.of(new AccountAliasDeleted(a, c.alias()));
            }
        };
    }

    /** @return the settings after the event; null when nothing is left set */
    public static AccountSettingsState evolve(AccountSettingsState s, AccountSettingsEvent event) {
        PasswordPolicy policy = s == null ? null : s.passwordPolicy();
        String alias = s == null ? null : s.alias();
        AccountSettingsState next = switch (event) {
            case AccountPasswordPolicyUpdated e -> new AccountSettingsState(e.accountId(), e.passwordPolicy(), alias);
            case AccountPasswordPolicyDeleted e -> new AccountSettingsState(e.accountId(), null, alias);
            case AccountAliasCreated e -> new AccountSettingsState(e.accountId(), policy, e.alias());
            case AccountAliasDeleted e -> new AccountSettingsState(e.accountId(), policy, null);
        };
        return next.passwordPolicy() == null && next.alias() == null ? null : next;
    }
}

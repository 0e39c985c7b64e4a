package dev.opensts.iam;

/** What a caller asks of its account's IAM settings. */
public sealed interface AccountSettingsCommand {
    String accountId();

    record UpdatePasswordPolicy(String accountId, PasswordPolicy passwordPolicy) implements AccountSettingsCommand {
    }

    record DeletePasswordPolicy(String accountId) implements AccountSettingsCommand {
    }

    /** The caller has checked that no other account holds the alias. */
    record CreateAlias(String accountId, String alias) implements AccountSettingsCommand {
    }

    record DeleteAlias(String accountId, String alias) implements AccountSettingsCommand {
    }
}

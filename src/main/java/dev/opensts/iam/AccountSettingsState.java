package dev.opensts.iam;

/**
 * An account's IAM settings: its password policy and its alias, each null when not set. One aggregate per
 * account ({@link StreamIds#accountSettings}), apart from the account aggregate, which the default account
 * (configured, never created through the admin API) does not have.
 */
public record AccountSettingsState(String accountId, PasswordPolicy passwordPolicy, String alias)
        implements AggregateState {
}

package dev.opensts.iam;

/** Events of an account's IAM settings (stream: {@link StreamIds#accountSettings}). */
public sealed interface AccountSettingsEvent extends IamEvent {
    @Override
    default String streamId() {
        return StreamIds.accountSettings(accountId());
    }

    /** The whole policy, as UpdateAccountPasswordPolicy replaces it. */
    record AccountPasswordPolicyUpdated(String accountId, PasswordPolicy passwordPolicy)
            implements AccountSettingsEvent {
    }

    record AccountPasswordPolicyDeleted(String accountId) implements AccountSettingsEvent {
    }

    record AccountAliasCreated(String accountId, String alias) implements AccountSettingsEvent {
    }

    record AccountAliasDeleted(String accountId, String alias) implements AccountSettingsEvent {
    }
}

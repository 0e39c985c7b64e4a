package dev.opensts.iam;

import dev.opensts.iam.AccountSettingsCommand.*;
import dev.opensts.iam.AccountSettingsEvent.*;
import org.junit.jupiter.api.Test;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class AccountSettingsDeciderTest {
    private static final String A = ACCOUNT;
    private static final DeciderSpec<AccountSettingsCommand, AccountSettingsState, AccountSettingsEvent> settings =
            new DeciderSpec<>(AccountSettingsDecider::decide, AccountSettingsDecider::evolve);
    private static final PasswordPolicy P = new PasswordPolicy(8, true, false, false, false, true, 90, 3, null);

    @Test
    void the_policy_is_replaced_whole_and_deleted_once() {
        settings.given().when(new UpdatePasswordPolicy(A, P)).then(new AccountPasswordPolicyUpdated(A, P))
                .thenState(s -> assertThat(s.passwordPolicy()).isEqualTo(P));
        settings.given(new AccountPasswordPolicyUpdated(A, P)).when(new UpdatePasswordPolicy(A, P)).thenNothing();
        settings.given(new AccountPasswordPolicyUpdated(A, P)).when(new DeletePasswordPolicy(A))
                .then(new AccountPasswordPolicyDeleted(A)).thenState(s -> assertThat(s).isNull());
        settings.given().when(new DeletePasswordPolicy(A)).thenFails(NoSuchEntity,
                "The Password Policy with domain name " + A + " cannot be found.");
    }

    @Test
    void one_alias_per_account_and_deleting_needs_its_name() {
        settings.given().when(new CreateAlias(A, "my-co")).then(new AccountAliasCreated(A, "my-co"));
        settings.given(new AccountAliasCreated(A, "my-co")).when(new CreateAlias(A, "my-co")).thenNothing();
        settings.given(new AccountAliasCreated(A, "my-co")).when(new CreateAlias(A, "other"))
                .thenFails(LimitExceeded, "Cannot exceed quota for AccountAliasesPerAccount: 1");
        settings.given(new AccountAliasCreated(A, "my-co")).when(new DeleteAlias(A, "other"))
                .thenFails(NoSuchEntity);
        settings.given(new AccountAliasCreated(A, "my-co"), new AccountPasswordPolicyUpdated(A, P))
                .when(new DeleteAlias(A, "my-co")).then(new AccountAliasDeleted(A, "my-co"))
                .thenState(s -> {
                    assertThat(s.alias()).isNull();
                    assertThat(s.passwordPolicy()).isEqualTo(P);
                });
    }

    @Test
    void a_policy_names_what_a_password_lacks() {
        var strict = new PasswordPolicy(10, true, true, true, true, false, 0, 0, null);
        assertThat(strict.violations("Abcdefgh1!")).isEmpty();
        assertThat(strict.violations("abc")).containsExactly("Password should have at least 10 characters",
                "Password should have at least one symbol", "Password should have at least one number",
                "Password should have at least one uppercase letter");
        assertThat(strict.violations("ABCDEFGH1'")).containsExactly(
                "Password should have at least one lowercase letter");
        // a tab, a line feed or a Latin-1 letter counts as a character but as none of the classes
        assertThat(new PasswordPolicy(6, false, false, false, false, false, 0, 0, null).violations("\t\n\r\u00ff\u00e9"))
                .containsExactly("Password should have at least 6 characters");
        assertThat(strict.expirePasswords()).isFalse();
        assertThat(P.expirePasswords()).isTrue();
    }
}

package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.iam.AccountEvent.AccountCreated;
import dev.opensts.iam.PasswordPolicy;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Test;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The password policy and account alias use cases against in-memory ports. */
class AccountSettingsTest {
    static final PasswordPolicy P = new PasswordPolicy(8, false, true, false, false, true, 30, 5, true);
    final AppFixture app = new AppFixture();
    final IamContext iam = new IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock, app.quotas);
    final AccountSettings settings = new AccountSettings(iam, ACCOUNT);

    @Test
    void the_policy_is_no_such_entity_until_set_and_after_deletion() {
        assertThat(failure(settings.passwordPolicy(root())).code()).isEqualTo(NoSuchEntity);
        await(settings.updatePasswordPolicy(root(), P, "r"));
        assertThat(await(settings.passwordPolicy(root()))).isEqualTo(P);
        assertThat(failure(settings.passwordPolicy(root(OTHER))).code()).as("another account's")
                .isEqualTo(NoSuchEntity);
        await(settings.deletePasswordPolicy(root(), "r"));
        assertThat(failure(settings.passwordPolicy(root())).code()).isEqualTo(NoSuchEntity);
        assertThat(failure(settings.deletePasswordPolicy(root(), "r")).code()).isEqualTo(NoSuchEntity);
    }

    @Test
    void users_need_iam_permission_on_the_account() {
        app.given(userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "p",
                allow("iam:GetAccountPasswordPolicy", "*")));
        Caller dev = app.user("dev");
        await(settings.updatePasswordPolicy(root(), P, "r"));
        assertThat(await(settings.passwordPolicy(dev))).isEqualTo(P);
        assertThat(failure(settings.updatePasswordPolicy(dev, P, "r")).code()).isEqualTo(AccessDenied);
        assertThat(failure(settings.createAlias(dev, "my-co", "r")).code()).isEqualTo(AccessDenied);
        assertThat(failure(settings.aliases(dev)).code()).isEqualTo(AccessDenied);
    }

    @Test
    void an_alias_is_unique_across_accounts_and_free_again_once_deleted() {
        app.given(new AccountCreated(OTHER, "other", "AKIAOTHER", "sealed", T0));
        await(settings.createAlias(root(), "my-co", "r"));
        assertThat(await(settings.aliases(root()))).containsExactly("my-co");
        var taken = failure(settings.createAlias(root(OTHER), "my-co", "r"));
        assertThat(taken.code()).isEqualTo(EntityAlreadyExists);
        assertThat(taken.getMessage()).isEqualTo("The account alias my-co already exists.");
        assertThat(await(settings.aliases(root(OTHER)))).isEmpty();
        assertThat(failure(settings.deleteAlias(root(OTHER), "my-co", "r")).code()).isEqualTo(NoSuchEntity);
        await(settings.createAlias(root(), "my-co", "r"));
        assertThat(failure(settings.createAlias(root(), "second", "r")).code()).isEqualTo(LimitExceeded);
        await(settings.deleteAlias(root(), "my-co", "r"));
        await(settings.createAlias(root(OTHER), "my-co", "r"));
        assertThat(await(settings.aliases(root(OTHER)))).containsExactly("my-co");
        // an account created through the admin API is checked too (the default one was above)
        assertThat(failure(settings.createAlias(root(), "my-co", "r")).code()).isEqualTo(EntityAlreadyExists);
    }
}

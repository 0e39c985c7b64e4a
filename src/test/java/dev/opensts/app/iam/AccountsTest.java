package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.iam.AccountEvent.AccountCreated;
import dev.opensts.iam.AccountEvent.RootKeyRotated;
import dev.opensts.iam.AccountState;
import dev.opensts.view.Revocation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator's account use cases against in-memory ports. */
class AccountsTest {
    final AppFixture app = new AppFixture();

    @Nested
    class Create {
        @Test
        void a_new_account_gets_a_root_key_whose_secret_is_shown_once_and_sealed_in_the_event() {
            var created = await(app.accounts.create(new Accounts.NewAccount(OTHER, "Other"), "r"));

            assertThat(created.accountId()).isEqualTo(OTHER);
            assertThat(created.name()).isEqualTo("Other");
            String keyId = created.rootAccessKeyId();
            assertThat(keyId).startsWith("AKIA");
            assertThat(CredentialIds.accountOf(keyId)).isEqualTo(OTHER);
            var event = (AccountCreated) app.appended().get(0);
            assertThat(event).isEqualTo(new AccountCreated(OTHER, "Other", keyId, event.encryptedRootSecret(), T0));
            assertThat(event.encryptedRootSecret()).doesNotContain(created.rootSecretAccessKey());
            assertThat(app.events.envelopes().toString()).doesNotContain(created.rootSecretAccessKey());
            assertThat(app.keyRing.openString(event.encryptedRootSecret(), keyId))
                    .contains(created.rootSecretAccessKey());
            assertThat(app.view.accessKeyOwner(keyId).isRoot()).isTrue();
            assertThat(app.view.accessKeyOwner(keyId).accountId()).isEqualTo(OTHER);
        }

        @Test
        void without_a_name_the_account_is_named_by_its_id() {
            assertThat(await(app.accounts.create(new Accounts.NewAccount(OTHER, null), "r")).name()).isEqualTo(OTHER);
        }

        @Test
        void without_an_id_one_is_drawn() {
            var created = await(app.accounts.create(new Accounts.NewAccount(null, null), "r"));
            assertThat(created.accountId()).matches("[0-9]{12}").isNotEqualTo(ACCOUNT);
            assertThat(app.view.account(created.accountId())).isNotNull();
        }

        @Test
        void the_default_account_is_refused() {
            var e = failure(app.accounts.create(new Accounts.NewAccount(ACCOUNT, "mine"), "r"));
            assertThat(e.code()).isEqualTo(InvalidInput);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void an_existing_account_is_refused() {
            await(app.accounts.create(new Accounts.NewAccount(OTHER, null), "r"));
            assertThat(failure(app.accounts.create(new Accounts.NewAccount(OTHER, null), "r")).code())
                    .isEqualTo(EntityAlreadyExists);
            assertThat(app.appended()).hasSize(1);
        }

        @Test
        void the_list_is_by_account_id() {
            await(app.accounts.create(new Accounts.NewAccount("555555555555", null), "r"));
            await(app.accounts.create(new Accounts.NewAccount("111111111111", null), "r"));
            assertThat(app.accounts.list()).extracting(AccountState::accountId)
                    .containsExactly("111111111111", "555555555555");
        }
    }

    @Nested
    class RotateRootKey {
        @Test
        void a_new_key_replaces_the_old_one_and_the_old_ones_sessions_are_revoked() {
            var created = await(app.accounts.create(new Accounts.NewAccount(OTHER, null), "r"));
            var before = app.rootSession(OTHER, false);
            app.clock.advance(Duration.ofMinutes(5));

            var rotated = await(app.accounts.rotateRootKey(OTHER, "req-rotate"));

            String newKey = rotated.rootAccessKeyId();
            assertThat(newKey).isNotEqualTo(created.rootAccessKeyId()).startsWith("AKIA");
            var event = (RootKeyRotated) app.appended().get(1);
            assertThat(event).isEqualTo(new RootKeyRotated(OTHER, newKey, event.encryptedRootSecret(),
                    T0.plus(Duration.ofMinutes(5))));
            assertThat(event.encryptedRootSecret()).doesNotContain(rotated.rootSecretAccessKey());
            assertThat(app.keyRing.openString(event.encryptedRootSecret(), newKey))
                    .contains(rotated.rootSecretAccessKey());
            assertThat(app.view.accessKeyOwner(created.rootAccessKeyId())).as("the old key").isNull();
            assertThat(app.view.accessKeyOwner(newKey).accountId()).isEqualTo(OTHER);

            assertThat(app.revocationLog.revocations()).containsExactly(new Revocation(
                    rotated.sessionsRevocationId(), OTHER, Revocation.Kind.PRINCIPAL,
                    "arn:aws:iam::210987654321:root", null));
            assertThat(app.revocationLog.appended().get(0).requestId()).isEqualTo("req-rotate");
            assertThat(app.revocationLog.appended().get(0).actor()).isEqualTo(dev.opensts.iam.Actor.admin());
            assertThat(app.events.envelopes()).allSatisfy(e -> assertThat(e.actor())
                    .isEqualTo(dev.opensts.iam.Actor.admin()));
            assertThat(app.revocations.isRevoked(before.session())).isTrue();
        }

        @Test
        void sessions_made_after_the_rotation_and_other_accounts_sessions_are_not_revoked() {
            await(app.accounts.create(new Accounts.NewAccount(OTHER, null), "r"));
            var defaultRoot = app.rootSession(ACCOUNT, false);
            await(app.accounts.rotateRootKey(OTHER, "r"));
            app.clock.advance(Duration.ofMillis(1));

            assertThat(app.revocations.isRevoked(app.rootSession(OTHER, false).session())).isFalse();
            assertThat(app.revocations.isRevoked(defaultRoot.session())).isFalse();
        }

        @Test
        void the_default_accounts_key_is_configuration() {
            var e = failure(app.accounts.rotateRootKey(ACCOUNT, "r"));
            assertThat(e.code()).isEqualTo(InvalidInput);
            assertThat(app.appended()).isEmpty();
            assertThat(app.revocationLog.appended()).isEmpty();
        }

        @Test
        void an_account_id_is_twelve_digits() {
            assertThat(failure(app.accounts.rotateRootKey("12345", "r")).code()).isEqualTo(InvalidInput);
            assertThat(failure(app.accounts.rotateRootKey(null, "r")).code()).isEqualTo(InvalidInput);
        }

        @Test
        void an_unknown_account_has_no_key_to_rotate_and_nothing_is_revoked() {
            assertThat(failure(app.accounts.rotateRootKey(OTHER, "r")).code()).isEqualTo(NoSuchEntity);
            assertThat(app.appended()).isEmpty();
            assertThat(app.revocationLog.appended()).isEmpty();
        }
    }

    @Test
    void reseal_re_seals_the_stored_secrets() {
        assertThat(await(app.accounts.reseal("r"))).isEqualTo(new Resealer.Report(0, 0, 0, 0));
    }
}

package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.adapter.crypto.Argon2idPasswords;
import dev.opensts.iam.AccountSettingsEvent.AccountPasswordPolicyUpdated;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.PasswordPolicy;
import dev.opensts.iam.UserEvent;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The login profile use cases against in-memory ports. */
class LoginProfilesTest {
    final AppFixture app = new AppFixture();
    final AtomicInteger offloaded = new AtomicInteger();
    /** Counts what runs on the worker (the hashing); runs it in place. */
    final Executor worker = r -> {
        offloaded.incrementAndGet();
        r.run();
    };
    final Argon2idPasswords hashes = new Argon2idPasswords(new SecureRandom(), new Argon2idPasswords.Params(64, 1, 1));
    final IamContext iam = new IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock, app.quotas);
    final LoginProfiles profiles = new LoginProfiles(iam, hashes, worker);
    final AccountSettings settings = new AccountSettings(iam, ACCOUNT);

    LoginProfilesTest() {
        app.given(userCreated("dave", "/"));
    }

    void policy(PasswordPolicy p) {
        app.given(new AccountPasswordPolicyUpdated(ACCOUNT, p));
    }

    Caller dave(String... documents) {
        for (int i = 0; i < documents.length; i++) {
            app.given(new UserPolicyPut(ACCOUNT, "dave", "p" + i, documents[i]));
        }
        return app.user("dave");
    }

    @Test
    void create_hashes_on_the_worker_and_no_event_holds_the_password() {
        var p = await(profiles.create(root(), "dave", "S3cret-Pass!", true, "r"));
        assertThat(p).isEqualTo(new LoginProfiles.Profile("dave", T0, true));
        assertThat(offloaded).hasValue(1);
        String hash = app.view.user(ACCOUNT, "dave").loginProfile().passwordHash();
        assertThat(hash).startsWith("$argon2id$");
        assertThat(hashes.verify("S3cret-Pass!", hash)).isTrue();
        for (IamEvent e : app.appended()) {
            assertThat(e.toString()).doesNotContain("S3cret-Pass!");
        }
        assertThat(await(profiles.get(root(), "dave"))).isEqualTo(p);
        assertThat(failure(profiles.create(root(), "dave", "another", false, "r")).code())
                .isEqualTo(EntityAlreadyExists);
    }

    @Test
    void missing_users_and_profiles_are_no_such_entity_and_a_password_is_required() {
        assertThat(failure(profiles.create(root(), "nobody", "pw", false, "r")).code()).isEqualTo(NoSuchEntity);
        assertThat(failure(profiles.get(root(), "dave")).code()).isEqualTo(NoSuchEntity);
        assertThat(failure(profiles.delete(root(), "dave", "r")).code()).isEqualTo(NoSuchEntity);
        assertThat(failure(profiles.create(root(), "dave", null, false, "r")).code()).isEqualTo(ValidationError);
    }

    @Test
    void each_action_is_authorized_on_the_users_arn() {
        Caller dev = dave(allow("iam:GetLoginProfile", userArn("/", "dave")));
        assertThat(failure(profiles.create(dev, "dave", "pw-123456", false, "r")).code()).isEqualTo(AccessDenied);
        assertThat(offloaded).hasValue(0);
        await(profiles.create(root(), "dave", "pw-123456", false, "r"));
        assertThat(await(profiles.get(dev, null)).userName()).isEqualTo("dave");
        assertThat(failure(profiles.update(dev, "dave", null, true, "r")).code()).isEqualTo(AccessDenied);
        assertThat(failure(profiles.delete(dev, "dave", "r")).code()).isEqualTo(AccessDenied);
    }

    @Test
    void the_password_policy_applies_to_create_update_and_change() {
        policy(new PasswordPolicy(12, true, true, true, true, true, 0, 0, null));
        var e = failure(profiles.create(root(), "dave", "short", false, "r"));
        assertThat(e.code()).isEqualTo(PasswordPolicyViolation);
        assertThat(e.getMessage()).doesNotContain("short").contains("at least 12 characters");
        await(profiles.create(root(), "dave", "Long-enough-1", false, "r"));
        assertThat(failure(profiles.update(root(), "dave", "long-enough-but-no-upper-1!", null, "r")).code())
                .isEqualTo(PasswordPolicyViolation);
        assertThat(failure(profiles.changePassword(app.user("dave"), "Long-enough-1", "weak", "r")).code())
                .isEqualTo(PasswordPolicyViolation);
    }

    @Test
    void delete_user_refuses_while_a_login_profile_exists() {
        await(profiles.create(root(), "dave", "pw-123456", false, "r"));
        assertThat(failure(app.users.change(root(), new UserChange.Delete("dave"), "r")).code())
                .isEqualTo(DeleteConflict);
        await(profiles.delete(root(), "dave", "r"));
        await(app.users.change(root(), new UserChange.Delete("dave"), "r"));
        app.given(new UserEvent.UserCreated(ACCOUNT, "dave", "AIDANEWDAVE", "/", java.util.List.of(), T0));
        assertThat(failure(profiles.get(root(), "dave")).code()).as("a new dave has no profile")
                .isEqualTo(NoSuchEntity);
    }

    @Test
    void five_wrong_old_passwords_stop_the_guessing_for_five_minutes_without_hashing() {
        policy(new PasswordPolicy(6, false, false, false, false, true, 0, 0, null));
        await(profiles.create(root(), "dave", "first-pw", true, "r"));
        Caller dave = app.user("dave");
        for (int i = 0; i < Guesses.MAX_FAILURES; i++) {
            assertThat(failure(profiles.changePassword(dave, "guess-" + i, "second-pw", "r")).code())
                    .isEqualTo(InvalidUserType);
        }
        int hashedBefore = offloaded.get();
        var blocked = failure(profiles.changePassword(dave, "first-pw", "second-pw", "r"));
        assertThat(blocked.code()).as("even the right one, unchecked").isEqualTo(LimitExceeded);
        assertThat(offloaded).as("no hash computed").hasValue(hashedBefore);

        app.clock.advance(java.time.Duration.ofSeconds(Guesses.WINDOW_SECONDS));
        await(profiles.changePassword(dave, "first-pw", "second-pw", "r"));
        assertThat(hashes.verify("second-pw", app.view.user(ACCOUNT, "dave").loginProfile().passwordHash())).isTrue();
    }

    @Test
    void change_password_checks_the_old_one_and_the_old_one_stops_working() {
        policy(new PasswordPolicy(6, false, false, false, false, true, 0, 0, null));
        await(profiles.create(root(), "dave", "first-pw", true, "r"));
        Caller dave = app.user("dave");
        var wrong = failure(profiles.changePassword(dave, "not-it", "second-pw", "r"));
        assertThat(wrong.code()).isEqualTo(InvalidUserType);
        assertThat(wrong.getMessage()).doesNotContain("not-it").doesNotContain("second-pw");
        await(profiles.changePassword(dave, "first-pw", "second-pw", "r"));
        var p = app.view.user(ACCOUNT, "dave").loginProfile();
        assertThat(p.passwordResetRequired()).isFalse();
        assertThat(hashes.verify("second-pw", p.passwordHash())).isTrue();
        assertThat(hashes.verify("first-pw", p.passwordHash())).isFalse();
        assertThat(failure(profiles.changePassword(dave, "first-pw", "third-pw", "r")).code())
                .isEqualTo(InvalidUserType);
    }

    @Test
    void change_password_is_the_callers_own_and_needs_the_policy_or_iam_permission() {
        await(profiles.create(root(), "dave", "first-pw", false, "r"));
        assertThat(failure(profiles.changePassword(root(), "first-pw", "second-pw", "r")).code())
                .isEqualTo(InvalidUserType);
        app.given(roleCreated("app", "/"));
        assertThat(failure(profiles.changePassword(app.roleSession("app", "s"), "first-pw", "x-pw-123", "r"))
                .code()).isEqualTo(InvalidUserType);
        // no password policy: the user needs iam:ChangePassword
        assertThat(failure(profiles.changePassword(app.user("dave"), "first-pw", "second-pw", "r")).code())
                .isEqualTo(AccessDenied);
        Caller allowed = dave(allow("iam:ChangePassword", userArn("/", "dave")));
        await(profiles.changePassword(allowed, "first-pw", "second-pw", "r"));
        // a GetSessionToken session without MFA may not, even with AllowUsersToChangePassword
        policy(new PasswordPolicy(6, false, false, false, false, true, 0, 0, null));
        assertThat(failure(profiles.changePassword(app.userSession("dave", false), "second-pw", "third-pw", "r"))
                .code()).isEqualTo(AccessDenied);
    }

    @Test
    void reuse_prevention_refuses_the_last_n_passwords() {
        policy(new PasswordPolicy(6, false, false, false, false, true, 0, 2, null));
        await(profiles.create(root(), "dave", "pw-one", false, "r"));
        Caller dave = app.user("dave");
        assertThat(failure(profiles.changePassword(dave, "pw-one", "pw-one", "r")).code())
                .isEqualTo(PasswordPolicyViolation);
        await(profiles.changePassword(dave, "pw-one", "pw-two", "r"));
        assertThat(failure(profiles.update(root(), "dave", "pw-one", null, "r")).code())
                .isEqualTo(PasswordPolicyViolation);
        await(profiles.changePassword(dave, "pw-two", "pw-three", "r"));
        await(profiles.changePassword(dave, "pw-three", "pw-one", "r"));
    }

    @Test
    void update_sets_the_reset_flag_without_a_password() {
        await(profiles.create(root(), "dave", "pw-123456", false, "r"));
        await(profiles.update(root(), "dave", null, true, "r"));
        assertThat(await(profiles.get(root(), "dave")).passwordResetRequired()).isTrue();
        assertThat(offloaded).hasValue(1);
    }
}

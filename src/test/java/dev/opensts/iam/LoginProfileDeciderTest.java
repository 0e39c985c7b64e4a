package dev.opensts.iam;

import dev.opensts.iam.UserCommand.*;
import dev.opensts.iam.UserEvent.*;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Login profiles on the user aggregate. */
class LoginProfileDeciderTest {
    private static final String A = ACCOUNT;
    private static final DeciderSpec<UserCommand, UserState, UserEvent> user =
            new DeciderSpec<>((c, s) -> UserDecider.decide(c, s, Quotas.AWS), UserDecider::evolve);

    private static UserCreated dave() {
        return new UserCreated(A, "dave", "AIDADAVE", "/", List.of(), T0);
    }

    private static LoginProfileCreated profile() {
        return new LoginProfileCreated(A, "dave", "h1", true, T0);
    }

    @Test
    void a_profile_is_created_once_for_an_existing_user() {
        user.given(dave()).when(new CreateLoginProfile(A, "dave", "h1", true, T0)).then(profile())
                .thenState(s -> assertThat(s.loginProfile()).isEqualTo(new LoginProfile("h1", T0, true, List.of())));
        user.given(dave(), profile()).when(new CreateLoginProfile(A, "dave", "h2", false, T0))
                .thenFails(EntityAlreadyExists, "Login Profile for user dave already exists.");
        user.given().when(new CreateLoginProfile(A, "dave", "h1", false, T0)).thenFails(NoSuchEntity);
    }

    @Test
    void update_changes_what_is_given_and_keeps_the_replaced_hash() {
        user.given(dave(), profile()).when(new UpdateLoginProfile(A, "dave", "h2", null))
                .then(new LoginProfileUpdated(A, "dave", "h2", null))
                .thenState(s -> assertThat(s.loginProfile()).isEqualTo(
                        new LoginProfile("h2", T0, true, List.of("h1"))));
        user.given(dave(), profile()).when(new UpdateLoginProfile(A, "dave", null, false))
                .then(new LoginProfileUpdated(A, "dave", null, false))
                .thenState(s -> assertThat(s.loginProfile()).isEqualTo(new LoginProfile("h1", T0, false, List.of())));
        user.given(dave(), profile()).when(new UpdateLoginProfile(A, "dave", null, null)).thenNothing();
        user.given(dave()).when(new UpdateLoginProfile(A, "dave", "h2", null)).thenFails(NoSuchEntity,
                "Login Profile for User dave cannot be found.");
    }

    @Test
    void change_password_clears_the_reset_flag_and_refuses_when_the_password_changed_meanwhile() {
        user.given(dave(), profile()).when(new ChangePassword(A, "dave", "h1", "h2"))
                .then(new PasswordChanged(A, "dave", "h2"))
                .thenState(s -> assertThat(s.loginProfile()).isEqualTo(
                        new LoginProfile("h2", T0, false, List.of("h1"))));
        user.given(dave(), profile(), new LoginProfileUpdated(A, "dave", "h3", null))
                .when(new ChangePassword(A, "dave", "h1", "h2")).thenFails(ConcurrentModification);
    }

    @Test
    void the_history_keeps_the_last_24_replaced_hashes() {
        var history = new java.util.ArrayList<UserEvent>(List.of(dave(), profile()));
        for (int i = 2; i <= 30; i++) {
            history.add(new PasswordChanged(A, "dave", "h" + i));
        }
        UserState s = user.fold(history);
        assertThat(s.loginProfile().passwordHash()).isEqualTo("h30");
        assertThat(s.loginProfile().previousHashes()).hasSize(24).startsWith("h29").endsWith("h6");
    }

    @Test
    void delete_user_waits_for_the_login_profile_and_a_new_user_of_the_name_has_none() {
        user.given(dave(), profile()).when(new DeleteUser(A, "dave"))
                .thenFails(DeleteConflict, "Cannot delete entity, must delete login profile first.");
        user.given(dave(), profile()).when(new DeleteLoginProfile(A, "dave"))
                .then(new LoginProfileDeleted(A, "dave"));
        user.given(dave(), profile(), new LoginProfileDeleted(A, "dave")).when(new DeleteUser(A, "dave"))
                .then(new UserDeleted(A, "dave"));
        user.given(dave(), profile(), new LoginProfileDeleted(A, "dave"), new UserDeleted(A, "dave"),
                        new UserCreated(A, "dave", "AIDADAVE2", "/", List.of(), T0))
                .when(new DeleteLoginProfile(A, "dave")).thenFails(NoSuchEntity);
    }
}

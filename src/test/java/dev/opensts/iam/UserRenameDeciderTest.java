package dev.opensts.iam;

import dev.opensts.iam.UserCommand.*;
import dev.opensts.iam.UserEvent.*;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** UpdateUser on the user aggregate: a path or letter case in place, a new name as a copy and a move. */
class UserRenameDeciderTest {
    private static final String A = ACCOUNT;
    private static final DeciderSpec<UserCommand, UserState, UserEvent> user =
            new DeciderSpec<>((c, s) -> UserDecider.decide(c, s, Quotas.AWS), UserDecider::evolve);

    private static List<UserEvent> dave() {
        return List.of(new UserCreated(A, "dave", "AIDADAVE", "/", List.of(new Tag("k", "v")), T0),
                new AccessKeyCreated(A, "dave", "AKIADAVE", "sealed", T0),
                new UserPolicyAttached(A, "dave", "arn:aws:iam::" + A + ":policy/p"),
                new UserPolicyPut(A, "dave", "inline", "{}"),
                new LoginProfileCreated(A, "dave", "hash", false, T0));
    }

    @Test
    void a_new_path_or_letter_case_stays_on_the_stream() {
        user.given(dave().toArray(UserEvent[]::new)).when(new ChangeUserPath(A, "dave", "Dave", "/ops/"))
                .then(new UserUpdated(A, "dave", "Dave", "/ops/")).thenState(s -> {
                    assertThat(s.arn()).isEqualTo("arn:aws:iam::" + A + ":user/ops/Dave");
                    assertThat(s.userId()).isEqualTo("AIDADAVE");
                    assertThat(s.accessKeys()).hasSize(1);
                });
        user.given(dave().toArray(UserEvent[]::new)).when(new ChangeUserPath(A, "dave", "dave", "/")).thenNothing();
        assertThatThrownBy(() -> UserDecider.decide(new ChangeUserPath(A, "dave", "david", "/"),
                user.fold(dave()), Quotas.AWS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_copy_carries_everything_and_needs_a_free_name() {
        UserState d = user.fold(dave());
        user.given().when(new CopyUser(A, "david", d, "/new/")).thenState(s -> {
            assertThat(s).isEqualTo(new UserState(A, "david", "AIDADAVE", "/new/", d.tags(), T0, d.accessKeys(),
                    d.inlinePolicies(), d.attachedPolicyArns(), null, d.loginProfile()));
        });
        user.given(new UserCreated(A, "David", "AIDAOTHER", "/", List.of(), T0))
                .when(new CopyUser(A, "david", d, "/")).thenFails(EntityAlreadyExists,
                        "User with name david already exists.");
    }

    @Test
    void the_old_name_is_given_up_only_while_the_user_is_as_copied() {
        UserState d = user.fold(dave());
        var history = new java.util.ArrayList<UserEvent>(dave());
        user.given(history.toArray(UserEvent[]::new)).when(new MoveUser(A, "dave", d, "david"))
                .then(new UserRenamedTo(A, "dave", "david")).thenState(s -> assertThat(s).isNull());
        history.add(new AccessKeyCreated(A, "dave", "AKIASECOND", "sealed", T0));
        user.given(history.toArray(UserEvent[]::new)).when(new MoveUser(A, "dave", d, "david"))
                .thenFails(ConcurrentModification);
    }
}

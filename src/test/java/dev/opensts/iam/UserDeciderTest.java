package dev.opensts.iam;

import dev.opensts.iam.UserCommand.*;
import dev.opensts.iam.UserEvent.*;
import dev.opensts.policy.PolicyKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class UserDeciderTest {
    private static final String A = ACCOUNT;
    private static final String KEY1 = "AKIAEXAMPLE000000001";
    private static final String KEY2 = "AKIAEXAMPLE000000002";
    private static final DeciderSpec<UserCommand, UserState, UserEvent> user =
            new DeciderSpec<>((c, s) -> UserDecider.decide(c, s, Quotas.AWS), UserDecider::evolve);

    private static UserCreated created() {
        return created(List.of());
    }

    private static UserCreated created(List<Tag> tags) {
        return new UserCreated(A, "Alice", "AIDAEXAMPLE000000001", "/", tags, T0);
    }

    private static AccessKeyCreated key(String id) {
        return new AccessKeyCreated(A, "Alice", id, "k1.sealed-" + id, T0);
    }

    @Nested
    class CreateUserCommand {
        @Test
        void creates_a_user() {
            user.given().when(new CreateUser(A, "Alice", "AIDAEXAMPLE000000001", "/", List.of(new Tag("t", "1")), T0))
                    .then(created(List.of(new Tag("t", "1"))));
        }

        @Test
        void a_user_of_that_name_exists_already() {
            user.given(created()).when(new CreateUser(A, "ALICE", "AIDAEXAMPLE000000002", "/", List.of(), T0))
                    .thenFails(EntityAlreadyExists, "User with name ALICE already exists.");
        }

        @Test
        void duplicate_tag_keys_differing_in_case() {
            user.given().when(new CreateUser(A, "Alice", "AIDAEXAMPLE000000001", "/",
                            List.of(new Tag("Team", "a"), new Tag("TEAM", "b")), T0))
                    .thenFails(InvalidInput, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }

        @Test
        void fifty_one_tags() {
            user.given().when(new CreateUser(A, "Alice", "AIDAEXAMPLE000000001", "/", tags(51), T0))
                    .thenFails(LimitExceeded, "The number of tags has reached the maximum limit of 50.");
        }
    }

    static Stream<UserCommand> everyCommandButCreate() {
        return Stream.of(
                new DeleteUser(A, "Ghost"),
                new TagUser(A, "Ghost", List.of(new Tag("k", "v"))),
                new UntagUser(A, "Ghost", List.of("k")),
                new CreateAccessKey(A, "Ghost", KEY1, "k1.x", T0),
                new UpdateAccessKey(A, "Ghost", KEY1, AccessKeyStatus.Inactive),
                new DeleteAccessKey(A, "Ghost", KEY1),
                new PutUserPolicy(A, "Ghost", "p", PERMISSIONS),
                new DeleteUserPolicy(A, "Ghost", "p"),
                new AttachUserPolicy(A, "Ghost", managedArn(1)),
                new DetachUserPolicy(A, "Ghost", managedArn(1)));
    }

    @ParameterizedTest
    @MethodSource("everyCommandButCreate")
    void every_command_on_a_missing_user_is_no_such_entity(UserCommand command) {
        user.given().when(command).thenFails(NoSuchEntity, "The user with name Ghost cannot be found.");
        user.given(created(), new UserDeleted(A, "Alice")).when(command)
                .thenFails(NoSuchEntity, "The user with name Ghost cannot be found.");
    }

    @Nested
    class Tagging {
        @Test
        void tag_merge_replaces_keys_case_insensitively() {
            user.given(created(List.of(new Tag("Team", "a"))))
                    .when(new TagUser(A, "Alice", List.of(new Tag("team", "b"), new Tag("cost", "1"))))
                    .then(new UserTagged(A, "Alice", List.of(new Tag("team", "b"), new Tag("cost", "1"))))
                    .thenState(s -> assertThat(s.tags()).containsExactly(new Tag("team", "b"), new Tag("cost", "1")));
        }

        @Test
        void the_fifty_first_tag() {
            user.given(created(tags(50))).when(new TagUser(A, "Alice", List.of(new Tag("x", "y"))))
                    .thenFails(LimitExceeded, "The number of tags has reached the maximum limit of 50.");
        }

        @Test
        void duplicate_keys_in_one_request() {
            user.given(created()).when(new TagUser(A, "Alice", List.of(new Tag("x", "1"), new Tag("X", "2"))))
                    .thenFails(InvalidInput);
        }

        @Test
        void untag_removes() {
            user.given(created(List.of(new Tag("Team", "a"), new Tag("cost", "1"))))
                    .when(new UntagUser(A, "Alice", List.of("TEAM")))
                    .then(new UserUntagged(A, "Alice", List.of("TEAM")))
                    .thenState(s -> assertThat(s.tags()).containsExactly(new Tag("cost", "1")));
        }
    }

    @Nested
    class AccessKeys {
        @Test
        void create() {
            user.given(created()).when(new CreateAccessKey(A, "alice", KEY1, "k1.sealed-" + KEY1, T0))
                    .then(key(KEY1))
                    .thenState(s -> assertThat(s.accessKeys()).containsExactly(
                            new AccessKey(KEY1, "k1.sealed-" + KEY1, AccessKeyStatus.Active, T0)));
        }

        @Test
        void the_third_key() {
            user.given(created(), key(KEY1)).when(new CreateAccessKey(A, "Alice", KEY2, "k1.b", T0))
                    .then(new AccessKeyCreated(A, "Alice", KEY2, "k1.b", T0));
            user.given(created(), key(KEY1), key(KEY2))
                    .when(new CreateAccessKey(A, "Alice", "AKIAEXAMPLE000000003", "k1.c", T0))
                    .thenFails(LimitExceeded, "Cannot exceed quota for AccessKeysPerUser: 2");
        }

        @Test
        void a_deleted_key_frees_its_slot() {
            user.given(created(), key(KEY1), key(KEY2), new AccessKeyDeleted(A, "Alice", KEY1))
                    .when(new CreateAccessKey(A, "Alice", "AKIAEXAMPLE000000003", "k1.c", T0))
                    .thenState(s -> assertThat(s.accessKeys()).extracting(AccessKey::accessKeyId)
                            .containsExactly(KEY2, "AKIAEXAMPLE000000003"));
        }

        @Test
        void update_status() {
            user.given(created(), key(KEY1), key(KEY2))
                    .when(new UpdateAccessKey(A, "Alice", KEY1, AccessKeyStatus.Inactive))
                    .then(new AccessKeyStatusChanged(A, "Alice", KEY1, AccessKeyStatus.Inactive))
                    .thenState(s -> {
                        assertThat(s.accessKey(KEY1).status()).isEqualTo(AccessKeyStatus.Inactive);
                        assertThat(s.accessKey(KEY2).status()).isEqualTo(AccessKeyStatus.Active);
                    });
        }

        @Test
        void update_unknown_key() {
            user.given(created()).when(new UpdateAccessKey(A, "Alice", KEY1, AccessKeyStatus.Inactive))
                    .thenFails(NoSuchEntity, "The Access Key with id " + KEY1 + " cannot be found.");
        }

        @Test
        void delete() {
            user.given(created(), key(KEY1)).when(new DeleteAccessKey(A, "Alice", KEY1))
                    .then(new AccessKeyDeleted(A, "Alice", KEY1))
                    .thenState(s -> assertThat(s.accessKeys()).isEmpty());
        }

        @Test
        void delete_unknown_key() {
            user.given(created(), key(KEY1)).when(new DeleteAccessKey(A, "Alice", KEY2))
                    .thenFails(NoSuchEntity, "The Access Key with id " + KEY2 + " cannot be found.");
        }
    }

    @Nested
    class Policies {
        @Test
        void put_and_delete_inline() {
            user.given(created()).when(new PutUserPolicy(A, "Alice", "read", PERMISSIONS))
                    .then(new UserPolicyPut(A, "Alice", "read", PERMISSIONS))
                    .thenState(s -> assertThat(s.inlinePolicies()).containsEntry("read", PERMISSIONS));
            user.given(created(), new UserPolicyPut(A, "Alice", "read", PERMISSIONS))
                    .when(new DeleteUserPolicy(A, "Alice", "read"))
                    .then(new UserPolicyDeleted(A, "Alice", "read"))
                    .thenState(s -> assertThat(s.inlinePolicies()).isEmpty());
        }

        @Test
        void put_malformed() {
            user.given(created()).when(new PutUserPolicy(A, "Alice", "read", MALFORMED))
                    .thenFails(MalformedPolicyDocument, parserMessage(MALFORMED, PolicyKind.USER_INLINE));
        }

        @Test
        void delete_missing_inline() {
            user.given(created()).when(new DeleteUserPolicy(A, "Alice", "read"))
                    .thenFails(NoSuchEntity, "The user policy with name read cannot be found.");
        }

        @Test
        void attach_detach() {
            user.given(created()).when(new AttachUserPolicy(A, "Alice", managedArn(1)))
                    .then(new UserPolicyAttached(A, "Alice", managedArn(1)));
            user.given(created(), new UserPolicyAttached(A, "Alice", managedArn(1)))
                    .when(new DetachUserPolicy(A, "Alice", managedArn(1)))
                    .then(new UserPolicyDetached(A, "Alice", managedArn(1)))
                    .thenState(s -> assertThat(s.attachedPolicyArns()).isEmpty());
        }

        @Test
        void attach_twice_changes_nothing() {
            user.given(created(), new UserPolicyAttached(A, "Alice", managedArn(1)))
                    .when(new AttachUserPolicy(A, "Alice", managedArn(1))).thenNothing();
        }

        @Test
        void the_eleventh_attached_policy() {
            var history = new ArrayList<UserEvent>(List.of(created()));
            for (int i = 0; i < 10; i++) {
                history.add(new UserPolicyAttached(A, "Alice", managedArn(i)));
            }
            user.given(history.toArray(UserEvent[]::new)).when(new AttachUserPolicy(A, "Alice", managedArn(10)))
                    .thenFails(LimitExceeded, "Cannot exceed quota for PoliciesPerUser: 10");
        }

        @Test
        void detach_what_is_not_attached() {
            user.given(created()).when(new DetachUserPolicy(A, "Alice", managedArn(1)))
                    .thenFails(NoSuchEntity, "Policy " + managedArn(1) + " was not found.");
        }
    }

    @Nested
    class Delete {
        @Test
        void deletes_and_evolves_to_null() {
            user.given(created()).when(new DeleteUser(A, "Alice"))
                    .then(new UserDeleted(A, "Alice"))
                    .thenState(s -> assertThat(s).isNull());
        }

        @Test
        void with_an_access_key() {
            user.given(created(), key(KEY1)).when(new DeleteUser(A, "Alice"))
                    .thenFails(DeleteConflict, "Cannot delete entity, must delete access keys first.");
        }

        @Test
        void with_an_inline_policy() {
            user.given(created(), new UserPolicyPut(A, "Alice", "read", PERMISSIONS)).when(new DeleteUser(A, "Alice"))
                    .thenFails(DeleteConflict, "Cannot delete entity, must delete policies first.");
        }

        @Test
        void with_an_attached_policy() {
            user.given(created(), new UserPolicyAttached(A, "Alice", managedArn(1))).when(new DeleteUser(A, "Alice"))
                    .thenFails(DeleteConflict, "Cannot delete entity, must detach all policies first.");
        }

        @Test
        void a_deleted_user_can_be_created_again() {
            user.given(created(), new UserDeleted(A, "Alice"))
                    .when(new CreateUser(A, "Alice", "AIDAEXAMPLE000000001", "/", List.of(), T0))
                    .then(created());
        }
    }
}

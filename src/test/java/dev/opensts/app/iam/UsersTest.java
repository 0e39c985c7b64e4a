package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.iam.Quotas;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.AccessKeyCreated;
import dev.opensts.iam.UserEvent.AccessKeyDeleted;
import dev.opensts.iam.UserEvent.AccessKeyStatusChanged;
import dev.opensts.iam.UserEvent.UserCreated;
import dev.opensts.iam.UserEvent.UserPolicyAttached;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import dev.opensts.iam.UserState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The user and access key use cases against in-memory ports. */
class UsersTest {
    static final String PERMISSIONS = allow("s3:GetObject", "*");

    final AppFixture app = new AppFixture();

    static Users.NewUser newUser(String name, String path) {
        return new Users.NewUser(name, path, List.of(), null);
    }

    /** A user of the default account whose only policy is the document given. */
    Caller userWith(String name, String document) {
        app.given(userCreated(name, "/"), new UserPolicyPut(ACCOUNT, name, "p", document));
        return app.user(name);
    }

    @Nested
    class Create {
        @Test
        void the_new_user_has_its_path_in_its_arn_and_an_id_minted_here() {
            UserState u = await(app.users.create(root(), new Users.NewUser("alice", "/eng/",
                    List.of(new Tag("team", "blue")), null), "req-1"));

            assertThat(u.arn()).isEqualTo("arn:aws:iam::123456789012:user/eng/alice");
            assertThat(u.userId()).matches("AIDA[A-Z2-7]{16}");
            assertThat(app.appended()).containsExactly(new UserCreated(ACCOUNT, "alice", u.userId(), "/eng/",
                    List.of(new Tag("team", "blue")), T0, null));
        }

        @Test
        void authorization_is_on_the_arn_with_the_path_asked_for() {
            Caller admin = userWith("admin", allow("iam:CreateUser", "arn:aws:iam::123456789012:user/eng/*"));

            await(app.users.create(admin, newUser("bob", "/eng/"), "r"));
            assertThat(failure(app.users.create(admin, newUser("eve", "/"), "r")).code()).isEqualTo(AccessDenied);
            assertThat(app.view.user(ACCOUNT, "eve")).isNull();
        }

        @Test
        void the_account_quota_of_users_is_enforced() {
            Quotas q = Quotas.AWS;
            var app = new AppFixture(Options.defaults().quotas(new Quotas(q.rolesPerAccount(), 2,
                    q.policiesPerAccount(), q.roleInlinePolicySize(), q.userInlinePolicySize(),
                    q.managedPolicySize(), q.trustPolicySize(), q.attachedPoliciesPerEntity(), q.accessKeysPerUser(),
                    q.tagsPerEntity())));
            app.given(userCreated("a", "/"), userCreated("b", "/"));

            var e = failure(app.users.create(root(), newUser("c", "/"), "r"));

            assertThat(e.code()).isEqualTo(LimitExceeded);
            assertThat(e.getMessage()).isEqualTo("Cannot exceed quota for UsersPerAccount: 2");
            assertThat(app.appended()).isEmpty();
        }
    }

    @Nested
    class GetUser {
        @Test
        void an_accounts_root_without_a_user_name_is_described_as_the_root() {
            assertThat(await(app.users.get(root(), null)))
                    .isEqualTo(new Users.Identity.Root(ACCOUNT, "arn:aws:iam::123456789012:root"));
        }

        @Test
        void a_user_without_a_user_name_is_described_as_itself() {
            Caller alice = userWith("alice", allow("iam:GetUser", "arn:aws:iam::123456789012:user/alice"));
            var identity = (Users.Identity.IamUser) await(app.users.get(alice, null));
            assertThat(identity.user().userName()).isEqualTo("alice");
        }

        @Test
        void a_role_session_must_name_the_user() {
            app.given(roleCreated("App", "/"));
            assertThat(failure(app.users.get(app.roleSession("App", "s"), null)).code()).isEqualTo(ValidationError);
        }

        @Test
        void a_caller_without_permission_learns_nothing_of_a_user_that_does_not_exist() {
            Caller alice = userWith("alice", allow("iam:GetUser", "arn:aws:iam::123456789012:user/alice"));

            assertThat(failure(app.users.get(alice, "ghost")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.users.get(root(), "ghost")).code()).isEqualTo(NoSuchEntity);
        }

        @Test
        void the_user_is_authorized_on_its_arn_with_its_path() {
            app.given(userCreated("bob", "/eng/"));
            Caller alice = userWith("alice", allow("iam:GetUser", "arn:aws:iam::123456789012:user/eng/*"));
            var identity = (Users.Identity.IamUser) await(app.users.get(alice, "BOB"));
            assertThat(identity.user().arn()).isEqualTo(userArn("/eng/", "bob"));
        }
    }

    @Nested
    class AccessKeys {
        @Test
        void the_secret_is_returned_once_and_sealed_in_the_event() {
            app.given(userCreated("alice", "/"));

            Users.NewAccessKey k = await(app.users.createAccessKey(root(), "alice", "r"));

            String keyId = k.key().accessKeyId();
            assertThat(keyId).startsWith("AKIA").hasSize(28);
            assertThat(CredentialIds.accountOf(keyId)).isEqualTo(ACCOUNT);
            assertThat(k.secretAccessKey()).hasSize(40);
            assertThat(k.key().status()).isEqualTo(AccessKeyStatus.Active);

            var event = (AccessKeyCreated) app.appended().get(0);
            assertThat(event.accessKeyId()).isEqualTo(keyId);
            assertThat(event.createDate()).isEqualTo(T0);
            assertThat(event.encryptedSecret()).doesNotContain(k.secretAccessKey()).startsWith("k1~");
            assertThat(app.events.envelopes().toString()).doesNotContain(k.secretAccessKey());
            assertThat(app.keyRing.openString(event.encryptedSecret(), keyId)).contains(k.secretAccessKey());
            // bound to its key id: moved to another key, the sealed secret does not open
            assertThat(app.keyRing.openString(event.encryptedSecret(), "AKIAANOTHERKEY"))
                    .isEmpty();
        }

        @Test
        void the_key_listing_never_carries_the_secret_in_clear() {
            app.given(userCreated("alice", "/"));
            Users.NewAccessKey k = await(app.users.createAccessKey(root(), "alice", "r"));

            Users.AccessKeys listed = await(app.users.accessKeys(root(), "alice"));

            assertThat(listed.keys()).extracting(AccessKey::accessKeyId).containsExactly(k.key().accessKeyId());
            assertThat(listed.toString()).doesNotContain(k.secretAccessKey());
        }

        @Test
        void the_new_key_authenticates_as_its_user() {
            app.given(userCreated("alice", "/"));
            Users.NewAccessKey k = await(app.users.createAccessKey(root(), "alice", "r"));
            var owner = app.view.accessKeyOwner(k.key().accessKeyId());
            assertThat(owner.accountId()).isEqualTo(ACCOUNT);
            assertThat(owner.userName()).isEqualTo("alice");
        }

        @Test
        void a_user_without_a_name_creates_its_own_key() {
            Caller alice = userWith("alice", allow("iam:*AccessKey*", "arn:aws:iam::123456789012:user/alice"));

            Users.NewAccessKey k = await(app.users.createAccessKey(alice, null, "r"));
            assertThat(k.userName()).isEqualTo("alice");

            await(app.users.change(alice, new UserChange.UpdateAccessKey(null, k.key().accessKeyId(),
                    AccessKeyStatus.Inactive), "r"));
            await(app.users.change(alice, new UserChange.DeleteAccessKey(null, k.key().accessKeyId()), "r"));
            assertThat(app.appended()).hasSize(3).endsWith(
                    new AccessKeyStatusChanged(ACCOUNT, "alice", k.key().accessKeyId(), AccessKeyStatus.Inactive),
                    new AccessKeyDeleted(ACCOUNT, "alice", k.key().accessKeyId()));
        }

        @Test
        void an_accounts_root_must_name_the_user() {
            var e = failure(app.users.createAccessKey(root(), null, "r"));
            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void a_user_may_not_create_keys_for_another_without_permission() {
            app.given(userCreated("bob", "/"));
            Caller alice = userWith("alice", allow("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/alice"));

            assertThat(failure(app.users.createAccessKey(alice, "bob", "r")).code()).isEqualTo(AccessDenied);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void the_quota_of_keys_per_user_is_enforced() {
            app.given(userCreated("alice", "/"));
            await(app.users.createAccessKey(root(), "alice", "r"));
            await(app.users.createAccessKey(root(), "alice", "r"));

            var e = failure(app.users.createAccessKey(root(), "alice", "r"));
            assertThat(e.code()).isEqualTo(LimitExceeded);
            assertThat(app.appended()).hasSize(2);
        }

        @Test
        void a_key_for_a_user_that_does_not_exist_is_no_such_entity() {
            assertThat(failure(app.users.createAccessKey(root(), "ghost", "r")).code()).isEqualTo(NoSuchEntity);
        }
    }

    @Nested
    class Changes {
        @Test
        void a_user_with_policies_cannot_be_deleted() {
            app.given(userCreated("alice", "/"), new UserPolicyPut(ACCOUNT, "alice", "p", PERMISSIONS));
            assertThat(failure(app.users.change(root(), new UserChange.Delete("alice"), "r")).code())
                    .isEqualTo(DeleteConflict);
        }

        @Test
        void attaching_needs_an_existing_user_and_the_exact_arn_of_an_existing_policy() {
            app.given(userCreated("alice", "/"), policyCreated("P", "/p/", PERMISSIONS));

            assertThat(failure(app.users.change(root(), new UserChange.AttachPolicy("ghost", policyArn("/p/", "P")),
                    "r")).getMessage()).isEqualTo("The user with name ghost cannot be found.");
            assertThat(failure(app.users.change(root(), new UserChange.AttachPolicy("alice", policyArn("/", "P")),
                    "r")).code()).isEqualTo(NoSuchEntity);
            await(app.users.change(root(), new UserChange.AttachPolicy("alice", policyArn("/p/", "P")), "r"));
            assertThat(app.appended()).containsExactly(new UserPolicyAttached(ACCOUNT, "alice",
                    policyArn("/p/", "P")));
        }

        @Test
        void a_permissions_boundary_must_exist() {
            app.given(userCreated("alice", "/"));
            assertThat(failure(app.users.change(root(), new UserChange.PutPermissionsBoundary("alice",
                    policyArn("/", "Nope")), "r")).code()).isEqualTo(InvalidInput);
            assertThat(failure(app.users.create(root(), new Users.NewUser("bob", "/", List.of(),
                    policyArn("/", "Nope")), "r")).code()).isEqualTo(InvalidInput);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void a_caller_without_permission_learns_nothing_of_a_user_that_does_not_exist() {
            Caller alice = userWith("alice", allow("s3:*", "*"));
            assertThat(failure(app.users.change(alice, new UserChange.Delete("ghost"), "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.users.change(alice, new UserChange.AttachPolicy("ghost", policyArn("/", "P")),
                    "r")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.users.inlinePolicy(alice, "ghost", "p")).code()).isEqualTo(AccessDenied);
        }
    }

    @Nested
    class Reads {
        @Test
        void list_filters_by_path_prefix() {
            app.given(userCreated("b", "/eng/"), userCreated("a", "/eng/x/"), userCreated("c", "/ops/"),
                    userCreated(OTHER, "d", "/eng/"));
            assertThat(await(app.users.list(root(), "/eng/"))).extracting(UserState::userName)
                    .containsExactly("a", "b");
        }

        @Test
        void inline_policies_by_name() {
            app.given(userCreated("alice", "/"), new UserPolicyPut(ACCOUNT, "alice", "read", PERMISSIONS));
            assertThat(await(app.users.inlinePolicyNames(root(), "alice"))).containsExactly("read");
            assertThat(await(app.users.inlinePolicy(root(), "ALICE", "read")))
                    .isEqualTo(new InlinePolicy("alice", "read", PERMISSIONS));
            assertThat(failure(app.users.inlinePolicy(root(), "alice", "write")).code()).isEqualTo(NoSuchEntity);
        }
    }
}

package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/** Users, their access keys, tags and inline policies, through the unmodified SDK. */
class UsersIT extends IamItBase {

    @Test
    void createGetAndDeleteAUserWithPathAndTags() {
        String name = unique("alice");
        User created = iam.createUser(r -> r.userName(name).path("/engineering/")
                .tags(Tag.builder().key("team").value("core").build())).user();
        assertThat(created.userName()).isEqualTo(name);
        assertThat(created.path()).isEqualTo("/engineering/");
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/engineering/" + name);
        assertThat(created.userId()).startsWith("AIDA").hasSizeBetween(16, 128);
        assertThat(created.createDate()).isNotNull();
        assertThat(created.tags()).extracting(Tag::key, Tag::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("team", "core"));

        User read = iam.getUser(r -> r.userName(name)).user();
        assertThat(read.userId()).isEqualTo(created.userId());
        assertThat(read.arn()).isEqualTo(created.arn());
        assertThat(read.tags()).extracting(Tag::key).containsExactly("team");

        fails(() -> iam.createUser(r -> r.userName(name.toUpperCase())), EntityAlreadyExistsException.class,
                "EntityAlreadyExists", 409);

        iam.deleteUser(r -> r.userName(name));
        fails(() -> iam.getUser(r -> r.userName(name)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.deleteUser(r -> r.userName(name)), NoSuchEntityException.class, "NoSuchEntity", 404);
    }

    @Test
    void getUserWithoutNameAsAnIamUserDescribesTheCaller() {
        String[] u = userWithKey("self");
        try (IamClient asUser = client(u[1], u[2])) {
            // AWS requires iam:GetUser even on oneself
            iam.putUserPolicy(r -> r.userName(u[0]).policyName("self").policyDocument(
                    allow("iam:GetUser", "arn:aws:iam::" + ACCOUNT + ":user/" + u[0])));
            User me = asUser.getUser().user();
            assertThat(me.userName()).isEqualTo(u[0]);
            assertThat(me.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/" + u[0]);
        }
        // the root without a name: the account itself
        assertThat(iam.getUser().user().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
    }

    @Test
    void listUsersFiltersByPathPrefixAndPages() {
        String path = "/" + unique("lu") + "/";
        List<String> names = List.of(unique("u1"), unique("u2"), unique("u3"), unique("u4"), unique("u5"));
        names.forEach(n -> iam.createUser(r -> r.userName(n).path(path)));
        iam.createUser(r -> r.userName(unique("outside")).path("/elsewhere/"));

        List<User> all = allPages(m -> iam.listUsers(r -> r.pathPrefix(path).maxItems(2).marker(m)),
                ListUsersResponse::users, ListUsersResponse::marker, ListUsersResponse::isTruncated, 2);
        assertThat(all).extracting(User::userName).containsExactlyInAnyOrderElementsOf(names);
        assertThat(new HashSet<>(all.stream().map(User::userName).toList())).hasSize(names.size());
        assertThat(all).allSatisfy(x -> assertThat(x.path()).isEqualTo(path));

        assertThat(iam.listUsers().users()).extracting(User::userName).containsAll(names);
    }

    @Test
    void tagUntagAndListUserTags() {
        String name = unique("tagged");
        iam.createUser(r -> r.userName(name));
        iam.tagUser(r -> r.userName(name).tags(Tag.builder().key("env").value("dev").build(),
                Tag.builder().key("owner").value("bob").build()));
        assertThat(iam.listUserTags(r -> r.userName(name)).tags()).extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("env", "dev"),
                        org.assertj.core.groups.Tuple.tuple("owner", "bob"));
        // a key of another case replaces the existing one
        iam.tagUser(r -> r.userName(name).tags(Tag.builder().key("ENV").value("prod").build()));
        iam.untagUser(r -> r.userName(name).tagKeys("owner"));
        assertThat(iam.listUserTags(r -> r.userName(name)).tags()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ENV", "prod"));
        fails(() -> iam.tagUser(r -> r.userName(unique("ghost")).tags(Tag.builder().key("a").value("b").build())),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.listUserTags(r -> r.userName(unique("ghost"))), NoSuchEntityException.class,
                "NoSuchEntity", 404);
    }

    @Test
    void accessKeyLifecycle() {
        String name = unique("keys");
        iam.createUser(r -> r.userName(name));
        AccessKey k1 = iam.createAccessKey(r -> r.userName(name)).accessKey();
        assertThat(k1.accessKeyId()).startsWith("AKIA").hasSize(28);
        assertThat(k1.secretAccessKey()).hasSize(40);
        assertThat(k1.status()).isEqualTo(StatusType.ACTIVE);
        assertThat(k1.userName()).isEqualTo(name);
        iam.putUserPolicy(r -> r.userName(name).policyName("self").policyDocument(
                allow("iam:GetUser", "arn:aws:iam::" + ACCOUNT + ":user/" + name)));

        try (IamClient asUser = client(k1.accessKeyId(), k1.secretAccessKey())) {
            assertThat(asUser.getUser(r -> r.userName(name)).user().userName()).isEqualTo(name);

            AccessKey k2 = iam.createAccessKey(r -> r.userName(name)).accessKey();
            assertThat(k2.accessKeyId()).isNotEqualTo(k1.accessKeyId());
            fails(() -> iam.createAccessKey(r -> r.userName(name)), LimitExceededException.class, "LimitExceeded",
                    409);
            assertThat(iam.listAccessKeys(r -> r.userName(name)).accessKeyMetadata())
                    .extracting(AccessKeyMetadata::accessKeyId)
                    .containsExactlyInAnyOrder(k1.accessKeyId(), k2.accessKeyId());

            iam.updateAccessKey(r -> r.userName(name).accessKeyId(k1.accessKeyId()).status(StatusType.INACTIVE));
            assertThat(iam.listAccessKeys(r -> r.userName(name)).accessKeyMetadata())
                    .filteredOn(m -> m.accessKeyId().equals(k1.accessKeyId()))
                    .extracting(AccessKeyMetadata::status).containsExactly(StatusType.INACTIVE);
            IamException inactive = fails(() -> asUser.getUser(r -> r.userName(name)), IamException.class,
                    "InvalidClientTokenId", 403);
            assertThat(message(inactive)).contains("security token");

            iam.updateAccessKey(r -> r.userName(name).accessKeyId(k1.accessKeyId()).status(StatusType.ACTIVE));
            assertThat(asUser.getUser(r -> r.userName(name)).user().userName()).isEqualTo(name);

            iam.deleteAccessKey(r -> r.userName(name).accessKeyId(k1.accessKeyId()));
            fails(() -> asUser.getUser(r -> r.userName(name)), IamException.class, "InvalidClientTokenId", 403);
            assertThat(iam.listAccessKeys(r -> r.userName(name)).accessKeyMetadata())
                    .extracting(AccessKeyMetadata::accessKeyId).containsExactly(k2.accessKeyId());
        }
        fails(() -> iam.deleteAccessKey(r -> r.userName(name).accessKeyId(k1.accessKeyId())),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.updateAccessKey(r -> r.userName(name).accessKeyId("AKIAAAAAAAAAAAAAAAAA")
                .status(StatusType.INACTIVE)), NoSuchEntityException.class, "NoSuchEntity", 404);
    }

    @Test
    void anIamUserManagesItsOwnKeysWithoutUserName() {
        String[] u = userWithKey("rotator");
        iam.putUserPolicy(r -> r.userName(u[0]).policyName("keys").policyDocument(
                allow("iam:*AccessKey*", "arn:aws:iam::" + ACCOUNT + ":user/" + u[0])));
        try (IamClient asUser = client(u[1], u[2])) {
            AccessKey second = asUser.createAccessKey().accessKey();
            assertThat(second.userName()).isEqualTo(u[0]);
            assertThat(asUser.listAccessKeys().accessKeyMetadata()).extracting(AccessKeyMetadata::accessKeyId)
                    .containsExactlyInAnyOrder(u[1], second.accessKeyId());
            asUser.deleteAccessKey(r -> r.accessKeyId(second.accessKeyId()));
            assertThat(iam.listAccessKeys(r -> r.userName(u[0])).accessKeyMetadata())
                    .extracting(AccessKeyMetadata::accessKeyId).containsExactly(u[1]);
        }
    }

    @Test
    void deleteUserConflictsWhileItHasKeysInlineOrAttachedPolicies() {
        String name = unique("busy");
        iam.createUser(r -> r.userName(name));
        String keyId = iam.createAccessKey(r -> r.userName(name)).accessKey().accessKeyId();
        iam.putUserPolicy(r -> r.userName(name).policyName("inline").policyDocument(allow("iam:GetUser", "*")));
        String policyArn = iam.createPolicy(r -> r.policyName(unique("mp")).policyDocument(allow("iam:List*", "*")))
                .policy().arn();
        iam.attachUserPolicy(r -> r.userName(name).policyArn(policyArn));

        assertThat(message(fails(() -> iam.deleteUser(r -> r.userName(name)), DeleteConflictException.class,
                "DeleteConflict", 409))).contains("access keys");
        iam.deleteAccessKey(r -> r.userName(name).accessKeyId(keyId));
        assertThat(message(fails(() -> iam.deleteUser(r -> r.userName(name)), DeleteConflictException.class,
                "DeleteConflict", 409))).contains("policies");
        iam.deleteUserPolicy(r -> r.userName(name).policyName("inline"));
        assertThat(message(fails(() -> iam.deleteUser(r -> r.userName(name)), DeleteConflictException.class,
                "DeleteConflict", 409))).contains("detach");
        iam.detachUserPolicy(r -> r.userName(name).policyArn(policyArn));
        iam.deleteUser(r -> r.userName(name));
        assertThat(iam.listUsers().users()).extracting(User::userName).doesNotContain(name);
    }

    @Test
    void userInlinePolicies() {
        String name = unique("inl");
        iam.createUser(r -> r.userName(name));
        String doc = allow("iam:GetRole", "arn:aws:iam::" + ACCOUNT + ":role/*");
        iam.putUserPolicy(r -> r.userName(name).policyName("b-read").policyDocument(doc));
        iam.putUserPolicy(r -> r.userName(name).policyName("a-read").policyDocument(doc));
        var got = iam.getUserPolicy(r -> r.userName(name).policyName("b-read"));
        assertThat(got.userName()).isEqualTo(name);
        assertThat(got.policyName()).isEqualTo("b-read");
        assertThat(json(urlDecode(got.policyDocument()))).isEqualTo(json(doc));
        assertThat(iam.listUserPolicies(r -> r.userName(name)).policyNames()).containsExactly("a-read", "b-read");

        IamException bad = fails(() -> iam.putUserPolicy(r -> r.userName(name).policyName("p")
                        .policyDocument(trust("arn:aws:iam::" + ACCOUNT + ":root"))),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocument", 400);
        assertThat(message(bad)).containsIgnoringCase("principal");

        iam.deleteUserPolicy(r -> r.userName(name).policyName("b-read"));
        assertThat(iam.listUserPolicies(r -> r.userName(name)).policyNames()).containsExactly("a-read");
        fails(() -> iam.getUserPolicy(r -> r.userName(name).policyName("b-read")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.deleteUserPolicy(r -> r.userName(name).policyName("b-read")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.putUserPolicy(r -> r.userName(unique("ghost")).policyName("p").policyDocument(doc)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
    }

    @Test
    void userNameValidation() {
        validationError(() -> iam.createUser(r -> r.userName("bad name with spaces")));
        validationError(() -> iam.createUser(r -> r.userName("x".repeat(65))));
        validationError(() -> iam.createUser(r -> r.userName(unique("p")).path("no-slashes")));
    }
}

package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** Roles: trust policies, settings, tags, inline policies, listings, through the unmodified SDK. */
class RolesIT extends IamItBase {

    @Test
    void createAndGetARoleWithEverything() {
        String name = unique("app");
        Role created = iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST).path("/apps/")
                .description("the app").maxSessionDuration(7200)
                .tags(Tag.builder().key("team").value("core").build())).role();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/apps/" + name);
        assertThat(created.roleId()).startsWith("AROA").hasSizeBetween(16, 128);
        assertThat(created.path()).isEqualTo("/apps/");
        assertThat(created.description()).isEqualTo("the app");
        assertThat(created.maxSessionDuration()).isEqualTo(7200);
        assertThat(created.createDate()).isNotNull();
        assertThat(created.tags()).extracting(Tag::key, Tag::value).containsExactly(tuple("team", "core"));

        Role read = iam.getRole(r -> r.roleName(name)).role();
        assertThat(read.roleId()).isEqualTo(created.roleId());
        assertThat(read.arn()).isEqualTo(created.arn());
        assertThat(read.description()).isEqualTo("the app");
        assertThat(read.maxSessionDuration()).isEqualTo(7200);
        // AWS returns the document URL-encoded
        assertThat(read.assumeRolePolicyDocument()).doesNotContain("{");
        assertThat(json(urlDecode(read.assumeRolePolicyDocument()))).isEqualTo(json(TRUST));
        assertThat(read.tags()).extracting(Tag::key).containsExactly("team");
    }

    @Test
    void defaultsWhenOnlyNameAndTrustAreGiven() {
        String name = unique("plain");
        Role created = iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)).role();
        assertThat(created.path()).isEqualTo("/");
        assertThat(created.maxSessionDuration()).isEqualTo(3600);
        assertThat(created.description()).isNull();
        assertThat(created.tags()).isEmpty();
    }

    @Test
    void duplicateNamesAreRejectedAlsoWhenOnlyTheCaseDiffers() {
        String name = unique("dup");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
        fails(() -> iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
        IamException e = fails(() -> iam.createRole(r -> r.roleName(name.toUpperCase()).assumeRolePolicyDocument(TRUST)),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
        assertThat(message(e)).containsIgnoringCase(name);
        assertThat(iam.listRoles().roles()).extracting(r -> r.roleName().toLowerCase()).containsOnlyOnce(name);
    }

    @Test
    void maxSessionDurationOutOfRangeIsAValidationError() {
        String name = unique("msd");
        assertThat(message(validationError(() -> iam.createRole(r -> r.roleName(name)
                .assumeRolePolicyDocument(TRUST).maxSessionDuration(3599))))).contains("maxSessionDuration");
        assertThat(message(validationError(() -> iam.createRole(r -> r.roleName(name)
                .assumeRolePolicyDocument(TRUST).maxSessionDuration(43201))))).contains("maxSessionDuration");
        fails(() -> iam.getRole(r -> r.roleName(name)), NoSuchEntityException.class, "NoSuchEntity", 404);
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST).maxSessionDuration(43200));
        validationError(() -> iam.updateRole(r -> r.roleName(name).maxSessionDuration(1000)));
        assertThat(iam.getRole(r -> r.roleName(name)).role().maxSessionDuration()).isEqualTo(43200);
    }

    @Test
    void listRolesPagesWithoutDuplicatesOrGaps() {
        String path = "/" + unique("pg") + "/";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String n = unique("r" + i);
            names.add(n);
            iam.createRole(r -> r.roleName(n).path(path).assumeRolePolicyDocument(TRUST));
        }
        iam.createRole(r -> r.roleName(unique("other")).path("/other/").assumeRolePolicyDocument(TRUST));

        List<Role> all = allPages(m -> iam.listRoles(r -> r.pathPrefix(path).maxItems(2).marker(m)),
                ListRolesResponse::roles, ListRolesResponse::marker, ListRolesResponse::isTruncated, 2);
        assertThat(all).extracting(Role::roleName).containsExactlyInAnyOrderElementsOf(names);
        assertThat(new HashSet<>(all.stream().map(Role::roleName).toList())).hasSize(7);
        assertThat(all).allSatisfy(r -> assertThat(r.path()).isEqualTo(path));
        assertThat(iam.listRoles(r -> r.pathPrefix(path)).isTruncated()).isFalse();
        assertThat(iam.listRoles(r -> r.pathPrefix("/" + unique("none") + "/")).roles()).isEmpty();
        // ListRoles does not return tags (AWS: listings return a subset of attributes)
        assertThat(iam.listRoles().roles()).extracting(Role::roleName).containsAll(names);
    }

    @Test
    void updateRoleAndTrustPolicy() {
        String name = unique("upd");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST).description("old"));
        iam.updateRole(r -> r.roleName(name).description("new").maxSessionDuration(10800));
        Role read = iam.getRole(r -> r.roleName(name)).role();
        assertThat(read.description()).isEqualTo("new");
        assertThat(read.maxSessionDuration()).isEqualTo(10800);

        String someone = unique("someone");
        iam.createUser(r -> r.userName(someone));
        String other = trust("arn:aws:iam::" + ACCOUNT + ":user/" + someone);
        iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(other));
        assertThat(json(urlDecode(iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument())))
                .isEqualTo(json(other));

        IamException e = fails(() -> iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(
                allow("sts:AssumeRole", "*"))), MalformedPolicyDocumentException.class, "MalformedPolicyDocument", 400);
        assertThat(message(e)).containsIgnoringCase("principal");
        assertThat(json(urlDecode(iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument())))
                .isEqualTo(json(other));
        fails(() -> iam.updateRole(r -> r.roleName(unique("ghost")).description("x")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.updateAssumeRolePolicy(r -> r.roleName(unique("ghost")).policyDocument(TRUST)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
    }

    @Test
    void tagUntagAndListRoleTags() {
        String name = unique("tags");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("a").value("1").build()));
        iam.tagRole(r -> r.roleName(name).tags(Tag.builder().key("b").value("2").build(),
                Tag.builder().key("A").value("3").build()));
        assertThat(iam.listRoleTags(r -> r.roleName(name)).tags()).extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(tuple("A", "3"), tuple("b", "2"));
        iam.untagRole(r -> r.roleName(name).tagKeys("a"));
        assertThat(iam.listRoleTags(r -> r.roleName(name)).tags()).extracting(Tag::key).containsExactly("b");
        assertThat(iam.getRole(r -> r.roleName(name)).role().tags()).extracting(Tag::key).containsExactly("b");
        fails(() -> iam.tagRole(r -> r.roleName(name).tags(Tag.builder().key("x").value("1").build(),
                Tag.builder().key("X").value("2").build())), software.amazon.awssdk.services.iam.model.InvalidInputException.class, "InvalidInput", 400);
        fails(() -> iam.untagRole(r -> r.roleName(unique("ghost")).tagKeys("a")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
    }

    @Test
    void roleInlinePolicies() {
        String name = unique("inline");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
        String doc = allow("s3:GetObject", "arn:aws:s3:::bucket/*");
        iam.putRolePolicy(r -> r.roleName(name).policyName("read").policyDocument(doc));
        var got = iam.getRolePolicy(r -> r.roleName(name).policyName("read"));
        assertThat(got.roleName()).isEqualTo(name);
        assertThat(json(urlDecode(got.policyDocument()))).isEqualTo(json(doc));
        assertThat(iam.listRolePolicies(r -> r.roleName(name)).policyNames()).containsExactly("read");

        // replacing keeps one policy of that name
        String doc2 = allow("s3:PutObject", "arn:aws:s3:::bucket/*");
        iam.putRolePolicy(r -> r.roleName(name).policyName("read").policyDocument(doc2));
        assertThat(json(urlDecode(iam.getRolePolicy(r -> r.roleName(name).policyName("read")).policyDocument())))
                .isEqualTo(json(doc2));

        iam.deleteRolePolicy(r -> r.roleName(name).policyName("read"));
        assertThat(iam.listRolePolicies(r -> r.roleName(name)).policyNames()).isEmpty();
        fails(() -> iam.getRolePolicy(r -> r.roleName(name).policyName("read")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.deleteRolePolicy(r -> r.roleName(name).policyName("read")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
    }

    @Test
    void malformedPolicyDocumentsSayWhy() {
        String name = unique("malformed");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));

        IamException invalidJson = fails(() -> iam.putRolePolicy(r -> r.roleName(name).policyName("p")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[")), MalformedPolicyDocumentException.class,
                "MalformedPolicyDocument", 400);
        assertThat(message(invalidJson)).containsIgnoringCase("syntax");

        IamException badEffect = fails(() -> iam.putRolePolicy(r -> r.roleName(name).policyName("p")
                        .policyDocument(policy("Maybe", "s3:GetObject", "*"))), MalformedPolicyDocumentException.class,
                "MalformedPolicyDocument", 400);
        assertThat(message(badEffect)).containsIgnoringCase("effect");

        IamException principal = fails(() -> iam.putRolePolicy(r -> r.roleName(name).policyName("p")
                        .policyDocument(TRUST)), MalformedPolicyDocumentException.class,
                "MalformedPolicyDocument", 400);
        assertThat(message(principal)).containsIgnoringCase("principal");

        IamException noPrincipal = fails(() -> iam.createRole(r -> r.roleName(unique("np"))
                        .assumeRolePolicyDocument(allow("sts:AssumeRole", "*"))), MalformedPolicyDocumentException.class,
                "MalformedPolicyDocument", 400);
        assertThat(message(noPrincipal)).containsIgnoringCase("principal");

        assertThat(iam.listRolePolicies(r -> r.roleName(name)).policyNames()).isEmpty();
    }

    @Test
    void deleteRoleConflictsWhilePoliciesAreAttachedOrInline() {
        String name = unique("del");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName(name).policyName("inline").policyDocument(allow("s3:*", "*")));
        String arn = iam.createPolicy(r -> r.policyName(unique("mp")).policyDocument(allow("s3:*", "*")))
                .policy().arn();
        iam.attachRolePolicy(r -> r.roleName(name).policyArn(arn));

        fails(() -> iam.deleteRole(r -> r.roleName(name)), DeleteConflictException.class, "DeleteConflict", 409);
        iam.deleteRolePolicy(r -> r.roleName(name).policyName("inline"));
        fails(() -> iam.deleteRole(r -> r.roleName(name)), DeleteConflictException.class, "DeleteConflict", 409);
        iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn));
        iam.deleteRole(r -> r.roleName(name));
        fails(() -> iam.getRole(r -> r.roleName(name)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.deleteRole(r -> r.roleName(name)), NoSuchEntityException.class, "NoSuchEntity", 404);
        // the name is free again
        assertThat(iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)).role().roleName())
                .isEqualTo(name);
    }

    @Test
    void roleNameValidation() {
        validationError(() -> iam.createRole(r -> r.roleName("has spaces").assumeRolePolicyDocument(TRUST)));
        validationError(() -> iam.createRole(r -> r.roleName("x".repeat(65)).assumeRolePolicyDocument(TRUST)));
        validationError(() -> iam.createRole(r -> r.roleName(unique("nt"))));
    }

    @Test
    void theReadModelInPostgresHoldsEachRoleAsAJsonObject() throws Exception {
        String name = unique("projected");
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST).description("v1"));
        iam.updateRole(r -> r.roleName(name).description("v2"));
        iam.tagRole(r -> r.roleName(name).tags(Tag.builder().key("k").value("v").build()));
        String streamId = dev.opensts.iam.StreamIds.role(ACCOUNT, name);
        try (var db = cluster.infra().postgres().connect(cluster.database());
             var q = db.prepareStatement("SELECT version, jsonb_typeof(state) AS type, state->>'description' AS d"
                     + " FROM iam_aggregates WHERE stream_id = ?")) {
            q.setString(1, streamId);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                try (var rs = q.executeQuery()) {
                    assertThat(rs.next()).as("row of " + streamId).isTrue();
                    assertThat(rs.getLong("version")).isEqualTo(3);
                    assertThat(rs.getString("type")).isEqualTo("object");
                    assertThat(rs.getString("d")).isEqualTo("v2");
                }
            });
        }
    }
}

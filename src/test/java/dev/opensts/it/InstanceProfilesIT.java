package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Instance profiles, UpdateRoleDescription and the refused service-linked role actions through the unmodified SDK v2
 * IamClient, including the calls Terraform's AWS provider makes to create and destroy a role with an attached managed
 * policy and an instance profile.
 */
class InstanceProfilesIT extends IamItBase {
    String otherAccount;
    IamClient other;

    @BeforeAll
    void createSecondAccount() {
        HttpResponse<String> r = admin("POST", cluster.adminToken(), "{\"name\":\"ip-b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r.body());
        otherAccount = body.get("accountId").asText();
        other = client(body.get("rootAccessKeyId").asText(), body.get("rootSecretAccessKey").asText());
    }

    @AfterAll
    void closeOther() {
        if (other != null) {
            other.close();
        }
    }

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    private String role(String prefix, String path) {
        String name = unique(prefix);
        iam.createRole(r -> r.roleName(name).path(path).assumeRolePolicyDocument(TRUST));
        return name;
    }

    /** terraform destroy of an aws_iam_role: what the provider's delete calls, in its order. */
    private void destroyRoleAsTerraformDoes(String roleName) {
        for (InstanceProfile p : iam.listInstanceProfilesForRole(r -> r.roleName(roleName)).instanceProfiles()) {
            iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(p.instanceProfileName()).roleName(roleName));
        }
        for (AttachedPolicy a : iam.listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies()) {
            iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(a.policyArn()));
        }
        for (String inline : iam.listRolePolicies(r -> r.roleName(roleName)).policyNames()) {
            iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(inline));
        }
        iam.deleteRole(r -> r.roleName(roleName));
    }

    @Test
    void terraformAppliesAndDestroysARoleWithAPolicyAndAnInstanceProfile() {
        // apply: aws_iam_policy, aws_iam_role, aws_iam_role_policy_attachment, aws_iam_role_policy,
        // aws_iam_instance_profile
        String policyArn = iam.createPolicy(r -> r.policyName(unique("tf-read")).policyDocument(
                allow("s3:GetObject", "*"))).policy().arn();
        String roleName = role("tf-role", "/app/");
        iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
        iam.putRolePolicy(r -> r.roleName(roleName).policyName("inline").policyDocument(allow("sqs:*", "*")));
        String profileName = unique("tf-profile");
        InstanceProfile created = iam.createInstanceProfile(r -> r.instanceProfileName(profileName).path("/app/")
                .tags(tag("team", "web"))).instanceProfile();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":instance-profile/app/" + profileName);
        assertThat(created.instanceProfileId()).startsWith("AIPA");
        assertThat(created.path()).isEqualTo("/app/");
        assertThat(created.roles()).isEmpty();
        assertThat(created.tags()).containsExactly(tag("team", "web"));
        assertThat(created.createDate()).isNotNull();
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName));

        // read (terraform refresh)
        InstanceProfile got = iam.getInstanceProfile(r -> r.instanceProfileName(profileName)).instanceProfile();
        assertThat(got.roles()).extracting(Role::roleName).containsExactly(roleName);
        Role member = got.roles().get(0);
        assertThat(member.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/app/" + roleName);
        assertThat(member.roleId()).isEqualTo(iam.getRole(r -> r.roleName(roleName)).role().roleId());
        assertThat(urlDecode(member.assumeRolePolicyDocument())).isEqualTo(TRUST);
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName(roleName)).instanceProfiles())
                .extracting(InstanceProfile::arn).containsExactly(created.arn());
        assertThat(iam.listInstanceProfiles(r -> r.pathPrefix("/app/")).instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName).contains(profileName);

        // a role in a profile, and a profile holding a role, are not deleted
        var roleConflict = fails(() -> iam.deleteRole(r -> r.roleName(roleName)), DeleteConflictException.class,
                "DeleteConflict", 409);
        assertThat(message(roleConflict)).isEqualTo("Cannot delete entity, must remove roles from instance profile "
                + "first.");
        fails(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName)), DeleteConflictException.class,
                "DeleteConflict", 409);

        // destroy, as the provider does: the role first (with its profiles, attachments and inline policies),
        // then the instance profile and the policy
        destroyRoleAsTerraformDoes(roleName);
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName(profileName)).instanceProfile().roles())
                .isEmpty();
        iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
        iam.deletePolicy(r -> r.policyArn(policyArn));
        fails(() -> iam.getInstanceProfile(r -> r.instanceProfileName(profileName)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.getRole(r -> r.roleName(roleName)), NoSuchEntityException.class, "NoSuchEntity", 404);

        // the same names again are new entities: the new role is in no profile
        iam.createRole(r -> r.roleName(roleName).path("/app/").assumeRolePolicyDocument(TRUST));
        iam.createInstanceProfile(r -> r.instanceProfileName(profileName));
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName(roleName)).instanceProfiles()).isEmpty();
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName(profileName)).instanceProfile()
                .instanceProfileId()).isNotEqualTo(created.instanceProfileId());
        iam.deleteRole(r -> r.roleName(roleName));
        iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
    }

    @Test
    void limitsAndConflicts() {
        String profileName = unique("ip-limits");
        String one = role("ip-one", "/");
        String two = role("ip-two", "/");
        iam.createInstanceProfile(r -> r.instanceProfileName(profileName));
        fails(() -> iam.createInstanceProfile(r -> r.instanceProfileName(profileName.toUpperCase()).path("/x/")),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
        fails(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName("no-such-role")),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("no-such-profile").roleName(one)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profileName).roleName(one)),
                NoSuchEntityException.class, "NoSuchEntity", 404);

        iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(one));
        var limit = fails(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(two)),
                LimitExceededException.class, "LimitExceeded", 409);
        assertThat(message(limit)).isEqualTo("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        fails(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(one)),
                LimitExceededException.class, "LimitExceeded", 409);
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName(two)).instanceProfiles()).isEmpty();
        fails(() -> iam.listInstanceProfilesForRole(r -> r.roleName("no-such-role")), NoSuchEntityException.class,
                "NoSuchEntity", 404);

        // tags: 50 at most, aws: reserved, listed and paged in key order
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag(String.format("k%02d", i), "v"));
        }
        iam.tagInstanceProfile(r -> r.instanceProfileName(profileName).tags(fifty));
        fails(() -> iam.tagInstanceProfile(r -> r.instanceProfileName(profileName).tags(tag("one-more", "v"))),
                LimitExceededException.class, "LimitExceeded", 409);
        fails(() -> iam.tagInstanceProfile(r -> r.instanceProfileName(profileName).tags(tag("aws:x", "v"))),
                InvalidInputException.class, "InvalidInput", 400);
        List<Tag> paged = allPages(m -> iam.listInstanceProfileTags(r -> r.instanceProfileName(profileName)
                        .maxItems(20).marker(m)), p -> p.tags(), p -> p.marker(), p -> p.isTruncated(), 20);
        assertThat(paged).containsExactlyElementsOf(fifty);
        iam.untagInstanceProfile(r -> r.instanceProfileName(profileName).tagKeys("K00", "k01"));
        assertThat(iam.listInstanceProfileTags(r -> r.instanceProfileName(profileName)).tags()).hasSize(48);

        // AWS's shapes: the name's pattern and length, the path's form
        validationError(() -> iam.createInstanceProfile(r -> r.instanceProfileName("bad name")));
        validationError(() -> iam.createInstanceProfile(r -> r.instanceProfileName("x".repeat(129))));
        validationError(() -> iam.createInstanceProfile(r -> r.instanceProfileName(unique("ip")).path("no-slash")));
        validationError(() -> iam.getInstanceProfile(r -> r.instanceProfileName("")));

        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profileName).roleName(one));
        iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
        fails(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        iam.deleteRole(r -> r.roleName(one));
        iam.deleteRole(r -> r.roleName(two));
    }

    @Test
    void listingFiltersByPathAndPages() {
        String path = "/" + unique("ip-list") + "/";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "p" + i + unique("x");
            names.add(name);
            iam.createInstanceProfile(r -> r.instanceProfileName(name).path(path));
        }
        String deeper = unique("z-deeper");
        iam.createInstanceProfile(r -> r.instanceProfileName(deeper).path(path + "sub/"));
        names.add(deeper);
        List<InstanceProfile> all = allPages(m -> iam.listInstanceProfiles(r -> r.pathPrefix(path).maxItems(2)
                        .marker(m)), ListInstanceProfilesResponse::instanceProfiles, ListInstanceProfilesResponse::marker,
                ListInstanceProfilesResponse::isTruncated, 2);
        assertThat(all).hasSize(6);
        // in case-folded name order, the deeper path included
        assertThat(all).extracting(InstanceProfile::instanceProfileName).containsExactlyElementsOf(names);
        assertThat(iam.listInstanceProfiles(r -> r.pathPrefix(path + "sub/")).instanceProfiles()).hasSize(1);
        fails(() -> iam.listInstanceProfiles(r -> r.maxItems(0)), IamException.class, "ValidationError", 400);
    }

    @Test
    void anotherAccountNeitherSeesNorUsesThisAccountsProfilesOrRoles() {
        String profileName = unique("ip-mine");
        String roleName = role("ip-mine-role", "/");
        iam.createInstanceProfile(r -> r.instanceProfileName(profileName));

        // names are of the caller's own account: the other root finds nothing of ours
        fails(() -> other.getInstanceProfile(r -> r.instanceProfileName(profileName)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        assertThat(other.listInstanceProfiles(r -> { }).instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName).doesNotContain(profileName);
        // it may have its own of the same name, and cannot put our role in it
        InstanceProfile theirs = other.createInstanceProfile(r -> r.instanceProfileName(profileName))
                .instanceProfile();
        assertThat(theirs.arn()).isEqualTo("arn:aws:iam::" + otherAccount + ":instance-profile/" + profileName);
        fails(() -> other.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        other.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName(profileName)).instanceProfile().arn())
                .isEqualTo("arn:aws:iam::" + ACCOUNT + ":instance-profile/" + profileName);

        iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
        iam.deleteRole(r -> r.roleName(roleName));
    }

    @Test
    void aUserNeedsTheActionOnTheProfilesArnWithItsPathAndPassRoleOnTheRole() {
        String[] user = userWithKey("ip-user");
        String profileName = unique("ip-perm");
        String roleName = role("ip-perm-role", "/svc/");
        String profileArn = "arn:aws:iam::" + ACCOUNT + ":instance-profile/web/" + profileName;
        try (IamClient asUser = client(user[1], user[2])) {
            var denied = fails(() -> asUser.createInstanceProfile(r -> r.instanceProfileName(profileName)
                    .path("/web/")), IamException.class, "AccessDenied", 403);
            assertThat(message(denied)).contains("iam:CreateInstanceProfile");

            // another account's ARNs, or another path, grant nothing here
            iam.putUserPolicy(r -> r.userName(user[0]).policyName("ip").policyDocument(
                    allow("iam:*", "arn:aws:iam::" + otherAccount + ":instance-profile/web/*")));
            fails(() -> asUser.createInstanceProfile(r -> r.instanceProfileName(profileName).path("/web/")),
                    IamException.class, "AccessDenied", 403);
            iam.putUserPolicy(r -> r.userName(user[0]).policyName("ip").policyDocument(
                    allow("iam:*InstanceProfile*", "arn:aws:iam::" + ACCOUNT + ":instance-profile/web/*")));
            fails(() -> asUser.createInstanceProfile(r -> r.instanceProfileName(profileName)), IamException.class,
                    "AccessDenied", 403);
            assertThat(asUser.createInstanceProfile(r -> r.instanceProfileName(profileName).path("/web/"))
                    .instanceProfile().arn()).isEqualTo(profileArn);
            assertThat(asUser.getInstanceProfile(r -> r.instanceProfileName(profileName)).instanceProfile().arn())
                    .isEqualTo(profileArn);
            // ListInstanceProfiles is authorized on instance-profile/*, outside /web/
            fails(() -> asUser.listInstanceProfiles(r -> { }), IamException.class, "AccessDenied", 403);
            // ListInstanceProfilesForRole is on the role's ARN
            fails(() -> asUser.listInstanceProfilesForRole(r -> r.roleName(roleName)), IamException.class,
                    "AccessDenied", 403);

            // AddRoleToInstanceProfile also needs iam:PassRole on the role, by its ARN with its path
            var noPass = fails(() -> asUser.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName)
                    .roleName(roleName)), IamException.class, "AccessDenied", 403);
            assertThat(message(noPass)).contains("iam:PassRole");
            iam.putUserPolicy(r -> r.userName(user[0]).policyName("pass").policyDocument(
                    allow("iam:PassRole", "arn:aws:iam::" + ACCOUNT + ":role/" + roleName)));
            fails(() -> asUser.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName)),
                    IamException.class, "AccessDenied", 403);
            iam.putUserPolicy(r -> r.userName(user[0]).policyName("pass").policyDocument(
                    allow("iam:PassRole", "arn:aws:iam::" + ACCOUNT + ":role/svc/" + roleName)));
            asUser.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName));
            asUser.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName));
            asUser.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
        }
        iam.deleteRole(r -> r.roleName(roleName));
    }

    @Test
    void updateRoleDescriptionAnswersTheRoleAndUpdateRoleKeepsAwsBounds() {
        String roleName = role("ip-desc", "/");
        Role updated = iam.updateRoleDescription(r -> r.roleName(roleName).description("web tier")).role();
        assertThat(updated.roleName()).isEqualTo(roleName);
        assertThat(updated.description()).isEqualTo("web tier");
        assertThat(iam.getRole(r -> r.roleName(roleName)).role().description()).isEqualTo("web tier");
        fails(() -> iam.updateRoleDescription(r -> r.roleName("no-such-role").description("x")),
                NoSuchEntityException.class, "NoSuchEntity", 404);

        validationError(() -> iam.updateRole(r -> r.roleName(roleName).maxSessionDuration(3599)));
        validationError(() -> iam.updateRole(r -> r.roleName(roleName).maxSessionDuration(43201)));
        iam.updateRole(r -> r.roleName(roleName).maxSessionDuration(43200));
        iam.updateRole(r -> r.roleName(roleName).description("kept with the duration"));
        Role role = iam.getRole(r -> r.roleName(roleName)).role();
        assertThat(role.maxSessionDuration()).isEqualTo(43200);
        assertThat(role.description()).isEqualTo("kept with the duration");
        iam.updateRole(r -> r.roleName(roleName).maxSessionDuration(3600));
        assertThat(iam.getRole(r -> r.roleName(roleName)).role().maxSessionDuration()).isEqualTo(3600);
        iam.deleteRole(r -> r.roleName(roleName));
    }

    @Test
    void serviceLinkedRolesAreRefusedSayingSo() {
        var create = fails(() -> iam.createServiceLinkedRole(r -> r.awsServiceName("elasticbeanstalk.amazonaws.com")),
                InvalidInputException.class, "InvalidInput", 400);
        assertThat(message(create)).startsWith("open-sts does not serve service-linked roles");
        var delete = fails(() -> iam.deleteServiceLinkedRole(r -> r.roleName("AWSServiceRoleForElasticBeanstalk")),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        assertThat(message(delete)).startsWith("open-sts does not serve service-linked roles");
        var status = fails(() -> iam.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(
                "task/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk/x")),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        assertThat(message(status)).startsWith("open-sts does not serve service-linked roles");
    }
}

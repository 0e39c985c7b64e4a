package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.iam.InstanceProfileEvent.InstanceProfileCreated;
import dev.opensts.iam.InstanceProfileEvent.InstanceProfileDeleted;
import dev.opensts.iam.InstanceProfileEvent.RoleAddedToInstanceProfile;
import dev.opensts.iam.InstanceProfileEvent.RoleRemovedFromInstanceProfile;
import dev.opensts.iam.InstanceProfileState;
import dev.opensts.iam.RoleEvent.RoleCreated;
import dev.opensts.iam.RoleEvent.RoleDeleted;
import dev.opensts.iam.RoleEvent.RoleUpdated;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The instance profile use cases (and DeleteRole's rule about them) against in-memory ports. */
class InstanceProfilesTest {
    static final String PROFILE_ARN = "arn:aws:iam::" + ACCOUNT + ":instance-profile/web/Web";

    final AppFixture app = new AppFixture();

    /** A user "dev" whose policies are the documents given. */
    Caller dev(String... documents) {
        app.given(userCreated("dev", "/"));
        for (int i = 0; i < documents.length; i++) {
            app.given(new UserPolicyPut(ACCOUNT, "dev", "p" + i, documents[i]));
        }
        return app.user("dev");
    }

    static InstanceProfileCreated profileCreated(String name, String path) {
        return new InstanceProfileCreated(ACCOUNT, name, "AIPA" + name.toUpperCase() + "0000000000", path, List.of(),
                T0);
    }

    String roleId(String name) {
        return app.view.role(ACCOUNT, name).roleId();
    }

    List<String> names(List<InstanceProfiles.Profile> list) {
        return list.stream().map(p -> p.state().instanceProfileName()).toList();
    }

    @Nested
    class Create {
        @Test
        void the_profile_has_its_path_in_its_arn_an_aipa_id_and_no_role() {
            var p = await(app.instanceProfiles.create(root(), new InstanceProfiles.NewProfile("Web", "/web/",
                    List.of(new Tag("team", "a"))), "r"));
            InstanceProfileState s = p.state();
            assertThat(s.arn()).isEqualTo(PROFILE_ARN);
            assertThat(s.instanceProfileId()).startsWith("AIPA").hasSize(20);
            assertThat(s.createDate()).isEqualTo(T0);
            assertThat(p.roles()).isEmpty();
            assertThat(app.appended()).containsExactly(new InstanceProfileCreated(ACCOUNT, "Web",
                    s.instanceProfileId(), "/web/", List.of(new Tag("team", "a")), T0));
        }

        @Test
        void without_a_path_the_profile_is_at_the_root_path_and_a_name_in_another_case_is_taken() {
            var p = await(app.instanceProfiles.create(root(), new InstanceProfiles.NewProfile("Web", null, null),
                    "r"));
            assertThat(p.state().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":instance-profile/Web");
            assertThat(failure(app.instanceProfiles.create(root(), new InstanceProfiles.NewProfile("WEB", "/x/",
                    null), "r")).code()).isEqualTo(EntityAlreadyExists);
        }

        @Test
        void authorization_is_on_the_arn_with_the_path_asked_for_and_the_request_tags() {
            Caller dev = dev(allow("iam:CreateInstanceProfile", "arn:aws:iam::" + ACCOUNT + ":instance-profile/web/*"),
                    """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateInstanceProfile",\
                    "Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"forbidden"}}}]}""");
            assertThat(failure(app.instanceProfiles.create(dev, new InstanceProfiles.NewProfile("Web", "/", null),
                    "r")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.instanceProfiles.create(dev, new InstanceProfiles.NewProfile("Web", "/web/",
                    List.of(new Tag("team", "forbidden"))), "r")).code()).isEqualTo(AccessDenied);
            await(app.instanceProfiles.create(dev, new InstanceProfiles.NewProfile("Web", "/web/", null), "r"));
            assertThat(app.appended()).hasSize(1);
        }

        @Test
        void the_account_quota_of_profiles_is_enforced_and_another_accounts_do_not_count() {
            for (int i = 0; i < 1000; i++) {
                app.given(profileCreated("p" + i, "/"));
            }
            var e = failure(app.instanceProfiles.create(root(), new InstanceProfiles.NewProfile("Web", null, null),
                    "r"));
            assertThat(e.code()).isEqualTo(LimitExceeded);
            assertThat(e.getMessage()).isEqualTo("Cannot exceed quota for InstanceProfilesPerAccount: 1000");
            await(app.instanceProfiles.create(root(OTHER), new InstanceProfiles.NewProfile("Web", null, null), "r"));
            app.given(new InstanceProfileDeleted(ACCOUNT, "p0"));
            await(app.instanceProfiles.create(root(), new InstanceProfiles.NewProfile("Web", null, null), "r"));
        }
    }

    @Nested
    class Roles {
        @Test
        void a_role_added_is_answered_with_the_profile_and_listed_for_the_role() {
            app.given(profileCreated("Web", "/web/"), roleCreated("App", "/svc/"));
            await(app.instanceProfiles.addRole(root(), "web", "app", "r"));
            assertThat(app.appended()).containsExactly(new RoleAddedToInstanceProfile(ACCOUNT, "Web", "App",
                    roleId("App")));
            var p = await(app.instanceProfiles.get(root(), "WEB"));
            assertThat(p.roles()).extracting(RoleState::roleName).containsExactly("App");
            assertThat(names(await(app.instanceProfiles.forRole(root(), "App")))).containsExactly("Web");
        }

        @Test
        void the_role_and_the_profile_must_exist() {
            app.given(profileCreated("Web", "/"), roleCreated("App", "/"));
            assertThat(failure(app.instanceProfiles.addRole(root(), "Web", "Nope", "r")).getMessage())
                    .isEqualTo("The role with name Nope cannot be found.");
            assertThat(failure(app.instanceProfiles.addRole(root(), "Nope", "App", "r")).getMessage())
                    .isEqualTo("Instance Profile Nope cannot be found.");
            assertThat(failure(app.instanceProfiles.forRole(root(), "Nope")).code()).isEqualTo(NoSuchEntity);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void a_second_role_exceeds_the_quota() {
            app.given(profileCreated("Web", "/"), roleCreated("App", "/"), roleCreated("Two", "/"));
            await(app.instanceProfiles.addRole(root(), "Web", "App", "r"));
            var e = failure(app.instanceProfiles.addRole(root(), "Web", "Two", "r"));
            assertThat(e.code()).isEqualTo(LimitExceeded);
            assertThat(e.getMessage()).isEqualTo("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        }

        @Test
        void adding_needs_pass_role_on_the_roles_arn_with_its_path() {
            app.given(profileCreated("Web", "/web/"), roleCreated("App", "/svc/"));
            Caller onlyAdd = dev(allow("iam:AddRoleToInstanceProfile", PROFILE_ARN));
            assertThat(failure(app.instanceProfiles.addRole(onlyAdd, "Web", "App", "r")).getMessage())
                    .contains("iam:PassRole");
            app.given(new UserPolicyPut(ACCOUNT, "dev", "pass", allow("iam:PassRole", roleArn("/other/", "App"))));
            assertThat(failure(app.instanceProfiles.addRole(app.user("dev"), "Web", "App", "r")).code())
                    .isEqualTo(AccessDenied);
            app.given(new UserPolicyPut(ACCOUNT, "dev", "pass", allow("iam:PassRole", roleArn("/svc/", "App"))));
            await(app.instanceProfiles.addRole(app.user("dev"), "Web", "App", "r"));
            assertThat(app.appended()).hasSize(1);
        }

        @Test
        void a_caller_without_permission_learns_nothing_of_a_role_or_profile_that_does_not_exist() {
            Caller dev = dev(allow("s3:*", "*"));
            assertThat(failure(app.instanceProfiles.addRole(dev, "Nope", "Nope", "r")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.instanceProfiles.forRole(dev, "Nope")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.instanceProfiles.get(dev, "Nope")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void removing_needs_the_role_to_be_in_the_profile() {
            app.given(profileCreated("Web", "/"), roleCreated("App", "/"));
            assertThat(failure(app.instanceProfiles.removeRole(root(), "Web", "App", "r")).code())
                    .isEqualTo(NoSuchEntity);
            await(app.instanceProfiles.addRole(root(), "Web", "App", "r"));
            await(app.instanceProfiles.removeRole(root(), "Web", "APP", "r"));
            assertThat(app.appended()).last().isEqualTo(new RoleRemovedFromInstanceProfile(ACCOUNT, "Web", "App",
                    roleId("App")));
            assertThat(await(app.instanceProfiles.get(root(), "Web")).roles()).isEmpty();
        }
    }

    @Nested
    class Deletion {
        @Test
        void a_role_in_a_profile_is_not_deleted_until_removed() {
            app.given(profileCreated("Web", "/"), roleCreated("App", "/"));
            await(app.instanceProfiles.addRole(root(), "Web", "App", "r"));
            var e = failure(app.roles.change(root(), new RoleChange.Delete("App"), "r"));
            assertThat(e.code()).isEqualTo(DeleteConflict);
            assertThat(e.getMessage()).isEqualTo("Cannot delete entity, must remove roles from instance profile first.");
            assertThat(failure(app.instanceProfiles.delete(root(), "Web", "r")).code()).isEqualTo(DeleteConflict);

            await(app.instanceProfiles.removeRole(root(), "Web", "App", "r"));
            await(app.roles.change(root(), new RoleChange.Delete("App"), "r"));
            await(app.instanceProfiles.delete(root(), "Web", "r"));
            assertThat(app.view.instanceProfile(ACCOUNT, "Web")).isNull();
        }

        @Test
        void a_role_deleted_and_created_again_is_not_the_member_the_profile_held() {
            // a deletion that raced an addition: the profile holds the id of a role that is gone
            app.given(profileCreated("Web", "/"), roleCreated("App", "/"));
            String oldId = roleId("App");
            app.given(new RoleAddedToInstanceProfile(ACCOUNT, "Web", "App", oldId), new RoleDeleted(ACCOUNT, "App"),
                    new RoleCreated(ACCOUNT, "App", "AROANEWAPP0000000001", "/", TRUST, null, 3600, List.of(), T0));

            assertThat(await(app.instanceProfiles.get(root(), "Web")).roles()).isEmpty();
            assertThat(await(app.instanceProfiles.forRole(root(), "App"))).isEmpty();
            assertThat(failure(app.instanceProfiles.removeRole(root(), "Web", "App", "r")).code())
                    .isEqualTo(NoSuchEntity);
            // the new role is free to be deleted, or added in the old one's place
            await(app.instanceProfiles.addRole(root(), "Web", "App", "r"));
            assertThat(await(app.instanceProfiles.get(root(), "Web")).roles()).extracting(RoleState::roleId)
                    .containsExactly("AROANEWAPP0000000001");
            await(app.instanceProfiles.removeRole(root(), "Web", "App", "r"));
            await(app.roles.change(root(), new RoleChange.Delete("App"), "r"));
            await(app.instanceProfiles.delete(root(), "Web", "r"));
        }
    }

    @Nested
    class Reads {
        @Test
        void list_filters_by_path_prefix_in_case_folded_name_order() {
            app.given(profileCreated("b", "/web/"), profileCreated("A", "/web/x/"), profileCreated("c", "/db/"));
            assertThat(names(await(app.instanceProfiles.list(root(), null)))).containsExactly("A", "b", "c");
            assertThat(names(await(app.instanceProfiles.list(root(), "/web/")))).containsExactly("A", "b");
            assertThat(await(app.instanceProfiles.list(root(OTHER), null))).isEmpty();
        }

        @Test
        void an_existing_profile_is_authorized_on_its_arn_with_its_path_and_tags() {
            app.given(profileCreated("Web", "/web/"));
            Caller dev = dev(allow("iam:GetInstanceProfile", "arn:aws:iam::" + ACCOUNT + ":instance-profile/Web"));
            assertThat(failure(app.instanceProfiles.get(dev, "Web")).code()).isEqualTo(AccessDenied);
            app.given(new UserPolicyPut(ACCOUNT, "dev", "p0", allow("iam:GetInstanceProfile", PROFILE_ARN)));
            assertThat(await(app.instanceProfiles.get(app.user("dev"), "Web")).state().arn()).isEqualTo(PROFILE_ARN);
        }

        @Test
        void another_accounts_arn_in_a_policy_grants_nothing_here() {
            app.given(profileCreated("Web", "/web/"));
            Caller dev = dev(allow("iam:*", "arn:aws:iam::" + OTHER + ":instance-profile/*"));
            assertThat(failure(app.instanceProfiles.get(dev, "Web")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.instanceProfiles.delete(dev, "Web", "r")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.instanceProfiles.list(dev, null)).code()).isEqualTo(AccessDenied);
            // and another account's root does not see this account's profile by its name
            assertThat(failure(app.instanceProfiles.get(root(OTHER), "Web")).code()).isEqualTo(NoSuchEntity);
        }

        @Test
        void a_resource_tag_condition_sees_the_profiles_tags() {
            app.given(new InstanceProfileCreated(ACCOUNT, "Web", "AIPAWEB0000000000001", "/", List.of(
                    new Tag("env", "prod")), T0));
            Caller dev = dev(allow("iam:*", "*"), """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:TagInstanceProfile",\
                    "Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}""");
            assertThat(failure(app.instanceProfiles.tag(dev, "Web", List.of(new Tag("a", "b")), "r")).code())
                    .isEqualTo(AccessDenied);
            await(app.instanceProfiles.untag(root(), "Web", List.of("ENV"), "r"));
            await(app.instanceProfiles.tag(app.user("dev"), "Web", List.of(new Tag("a", "b")), "r"));
            assertThat(await(app.instanceProfiles.tags(root(), "Web"))).containsExactly(new Tag("a", "b"));
        }
    }

    @Nested
    class RoleDescription {
        @Test
        void update_role_description_answers_the_role_and_is_its_own_action() {
            app.given(roleCreated("App", "/svc/"));
            Caller dev = dev(allow("iam:UpdateRole", "*"));
            assertThat(failure(app.roles.updateDescription(dev, "App", "web tier", "r")).code())
                    .isEqualTo(AccessDenied);
            app.given(new UserPolicyPut(ACCOUNT, "dev", "p1", allow("iam:UpdateRoleDescription",
                    roleArn("/svc/", "App"))));
            RoleState r = await(app.roles.updateDescription(app.user("dev"), "app", "web tier", "r"));
            assertThat(r.description()).isEqualTo("web tier");
            assertThat(r.maxSessionDuration()).isEqualTo(3600);
            assertThat(app.appended()).containsExactly(new RoleUpdated(ACCOUNT, "App", "web tier", null));
            assertThat(failure(app.roles.updateDescription(root(), "Nope", "x", "r")).code()).isEqualTo(NoSuchEntity);
        }
    }

    @Nested
    class ServiceLinkedRoleActions {
        @Test
        void service_linked_roles_are_refused_saying_they_are_not_served() {
            var create = failure(ServiceLinkedRoles.create("elasticbeanstalk.amazonaws.com"));
            assertThat(create.code()).isEqualTo(InvalidInput);
            assertThat(create.getMessage()).startsWith("open-sts does not serve service-linked roles");
            var delete = failure(ServiceLinkedRoles.delete("AWSServiceRoleForX"));
            assertThat(delete.code()).isEqualTo(NoSuchEntity);
            assertThat(delete.getMessage()).startsWith("open-sts does not serve service-linked roles");
            assertThat(failure(ServiceLinkedRoles.deletionStatus("task/x")).code()).isEqualTo(NoSuchEntity);
        }
    }
}

package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.iam.PolicyEvent.PolicyCreated;
import dev.opensts.iam.RoleEvent.RolePolicyAttached;
import dev.opensts.iam.RoleEvent.RoleTagged;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserPermissionsBoundaryPut;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.AccessDenied;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The condition keys a request carries about what it asks for (aws:RequestTag/*, aws:TagKeys, iam:PolicyARN,
 * iam:PermissionsBoundary) reach the conditions of the caller's policies: AWS's guardrails written on them hold.
 */
class IamRequestKeysTest {
    static final String DOC = allow("s3:GetObject", "*");
    static final String BOUNDARY = "arn:aws:iam::123456789012:policy/Boundary";
    static final String ADMIN = "arn:aws:iam::123456789012:policy/Admin";
    static final String READ = "arn:aws:iam::123456789012:policy/Read";

    final AppFixture app = new AppFixture();

    /** A delegated admin whose only policy is the document given; the account has the three policies above. */
    Caller admin(String document) {
        app.given(policyCreated("Boundary", "/", DOC), policyCreated("Admin", "/", allow("*", "*")),
                policyCreated("Read", "/", DOC), userCreated("admin", "/"),
                new UserPolicyPut(ACCOUNT, "admin", "p", document));
        return app.user("admin");
    }

    static Roles.NewRole role(String name, List<Tag> tags) {
        return new Roles.NewRole(name, null, TRUST, null, null, tags, null);
    }

    @Test
    void request_tags_reach_the_conditions_of_create_role() {
        Caller admin = admin("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateRole","Resource":"*",\
                "Condition":{"StringEquals":{"aws:RequestTag/team":"blue"}}}]}""");

        await(app.roles.create(admin, role("Blue", List.of(new Tag("team", "blue"))), "r"));
        assertThat(failure(app.roles.create(admin, role("Red", List.of(new Tag("team", "red"))), "r")).code())
                .isEqualTo(AccessDenied);
        assertThat(failure(app.roles.create(admin, role("None", List.of()), "r")).code()).isEqualTo(AccessDenied);
        assertThat(app.appended()).hasSize(1);
    }

    @Test
    void tag_keys_reach_the_conditions_of_tag_and_untag() {
        app.given(roleCreated("App", "/"), new RoleTagged(ACCOUNT, "App", List.of(new Tag("owner", "me"))));
        Caller admin = admin("""
                {"Version":"2012-10-17","Statement":[\
                {"Effect":"Allow","Action":["iam:TagRole","iam:UntagRole"],"Resource":"*"},\
                {"Effect":"Deny","Action":["iam:TagRole","iam:UntagRole"],"Resource":"*",\
                "Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["owner"]}}}]}""");

        await(app.roles.change(admin, new RoleChange.AddTags("App", List.of(new Tag("env", "prod"))), "r"));
        await(app.roles.change(admin, new RoleChange.RemoveTags("App", List.of("env")), "r"));
        assertThat(failure(app.roles.change(admin, new RoleChange.AddTags("App",
                List.of(new Tag("owner", "you"))), "r")).code()).isEqualTo(AccessDenied);
        assertThat(failure(app.roles.change(admin, new RoleChange.RemoveTags("App", List.of("owner")), "r"))
                .code()).isEqualTo(AccessDenied);
        assertThat(failure(app.users.change(admin, new UserChange.RemoveTags("admin", List.of("owner")), "r"))
                .code()).isEqualTo(AccessDenied);
    }

    @Test
    void the_policy_arn_reaches_the_conditions_of_attach_and_detach() {
        app.given(roleCreated("App", "/"));
        Caller admin = admin("""
                {"Version":"2012-10-17","Statement":[\
                {"Effect":"Allow","Action":["iam:Attach*","iam:Detach*"],"Resource":"*"},\
                {"Effect":"Deny","Action":["iam:Attach*","iam:Detach*"],"Resource":"*",\
                "Condition":{"ArnEquals":{"iam:PolicyARN":"arn:aws:iam::123456789012:policy/Admin"}}}]}""");

        await(app.roles.change(admin, new RoleChange.AttachPolicy("App", READ), "r"));
        assertThat(failure(app.roles.change(admin, new RoleChange.AttachPolicy("App", ADMIN), "r")).code())
                .isEqualTo(AccessDenied);
        assertThat(failure(app.users.change(admin, new UserChange.AttachPolicy("admin", ADMIN), "r")).code())
                .isEqualTo(AccessDenied);
        app.given(new RolePolicyAttached(ACCOUNT, "App", ADMIN));
        assertThat(failure(app.roles.change(admin, new RoleChange.DetachPolicy("App", ADMIN), "r")).code())
                .isEqualTo(AccessDenied);
        await(app.roles.change(admin, new RoleChange.DetachPolicy("App", READ), "r"));
    }

    @Test
    void the_boundary_asked_for_reaches_the_conditions_of_create_user_and_put_boundary() {
        Caller admin = admin("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Action":["iam:CreateUser","iam:PutUserPermissionsBoundary","iam:CreateRole"],"Resource":"*",\
                "Condition":{"StringEquals":{"iam:PermissionsBoundary":\
                "arn:aws:iam::123456789012:policy/Boundary"}}}]}""");

        await(app.users.create(admin, new Users.NewUser("bounded", "/", List.of(), BOUNDARY), "r"));
        assertThat(failure(app.users.create(admin, new Users.NewUser("free", "/", List.of(), null), "r")).code())
                .isEqualTo(AccessDenied);
        assertThat(failure(app.users.create(admin, new Users.NewUser("admin2", "/", List.of(), ADMIN), "r"))
                .code()).isEqualTo(AccessDenied);
        await(app.roles.create(admin, new Roles.NewRole("Bounded", null, TRUST, null, null, List.of(), BOUNDARY),
                "r"));
        assertThat(failure(app.users.change(admin, new UserChange.PutPermissionsBoundary("bounded", READ), "r"))
                .code()).isEqualTo(AccessDenied);
        assertThat(app.view.user(ACCOUNT, "bounded").permissionsBoundary()).isEqualTo(BOUNDARY);
    }

    @Test
    void the_boundary_of_an_existing_user_reaches_the_conditions_of_actions_on_it() {
        app.given(userCreated("bounded", "/"), new UserPermissionsBoundaryPut(ACCOUNT, "bounded", BOUNDARY),
                userCreated("free", "/"));
        Caller admin = admin("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:DeleteUser","Resource":"*",\
                "Condition":{"StringEquals":{"iam:PermissionsBoundary":\
                "arn:aws:iam::123456789012:policy/Boundary"}}}]}""");

        assertThat(failure(app.users.change(admin, new UserChange.Delete("free"), "r")).code())
                .isEqualTo(AccessDenied);
        await(app.users.change(admin, new UserChange.Delete("bounded"), "r"));
        assertThat(app.view.user(ACCOUNT, "bounded")).isNull();
    }

    @Test
    void request_tags_reach_the_conditions_of_create_policy() {
        Caller admin = admin("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreatePolicy","Resource":"*",\
                "Condition":{"StringEquals":{"aws:RequestTag/team":"blue"}}}]}""");

        await(app.policies.create(admin, new Policies.NewPolicy("Blue", null, null, DOC,
                List.of(new Tag("team", "blue"))), "r"));
        assertThat(failure(app.policies.create(admin, new Policies.NewPolicy("Red", null, null, DOC,
                List.of(new Tag("team", "red"))), "r")).code()).isEqualTo(AccessDenied);
        assertThat(app.appended()).extracting(e -> ((PolicyCreated) e).policyName()).containsExactly("Blue");
    }
}

package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.iam.GroupEvent.GroupCreated;
import dev.opensts.iam.GroupEvent.GroupPolicyPut;
import dev.opensts.iam.GroupEvent.UserAddedToGroup;
import dev.opensts.iam.RoleEvent.RolePolicyPut;
import dev.opensts.iam.UserEvent.UserPolicyAttached;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** ListPoliciesGrantingServiceAccess against in-memory ports. */
class ServiceAccessTest {
    final AppFixture app = new AppFixture();
    final IamContext iam = new IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock, app.quotas);
    final ServiceAccess access = new ServiceAccess(iam, Map.of(
            "iam", Set.of("iam:GetUser", "iam:ListUsers", "iam:CreateUser"),
            "sts", Set.of("sts:AssumeRole", "sts:GetCallerIdentity")));

    ServiceAccessTest() {
        app.given(userCreated("dave", "/"), roleCreated("app", "/"),
                policyCreated("everything", "/", allow("*", "*")),
                new UserPolicyPut(ACCOUNT, "dave", "reads", allow("iam:Get*", "*")),
                new UserPolicyPut(ACCOUNT, "dave", "denies", deny("sts:*", "*")),
                new UserPolicyAttached(ACCOUNT, "dave", policyArn("/", "everything")),
                new GroupCreated(ACCOUNT, "ops", "AGPAOPS", "/", T0),
                new GroupPolicyPut(ACCOUNT, "ops", "assume", allow("sts:AssumeRole", "*")),
                new RolePolicyPut(ACCOUNT, "app", "s3", allow("s3:GetObject", "*")));
        app.given(new UserAddedToGroup(ACCOUNT, "ops", "dave", app.view.user(ACCOUNT, "dave").userId()));
    }

    @Test
    void a_users_own_attached_and_group_policies_that_allow_the_service() {
        var r = await(access.list(root(), userArn("/", "dave"), List.of("iam", "sts", "s3")));
        assertThat(r).extracting(ServiceAccess.ServiceGrants::serviceNamespace).containsExactly("iam", "sts", "s3");
        assertThat(r.get(0).policies()).extracting(ServiceAccess.Grant::policyName)
                .containsExactlyInAnyOrder("reads", "everything");
        assertThat(r.get(1).policies()).extracting(g -> g.policyName() + "/" + g.entityType() + "/" + g.type())
                .containsExactlyInAnyOrder("everything/USER/MANAGED", "assume/GROUP/INLINE");
        assertThat(r.get(2).policies()).extracting(ServiceAccess.Grant::policyName).containsExactly("everything");
    }

    @Test
    void a_role_and_errors() {
        var r = await(access.list(root(), roleArn("/", "app"), List.of("iam", "s3")));
        assertThat(r.get(0).policies()).isEmpty();
        assertThat(r.get(1).policies()).isEmpty(); // s3:GetObject is not s3:*; s3 is not a known service
        assertThat(failure(access.list(root(), userArn("/other/", "dave"), List.of("iam"))).code())
                .isEqualTo(NoSuchEntity);
        assertThat(failure(access.list(root(), userArn("/", "nobody"), List.of("iam"))).code())
                .isEqualTo(NoSuchEntity);
        assertThat(failure(access.list(root(), policyArn("/", "everything"), List.of("iam"))).code())
                .isEqualTo(InvalidInput);
        assertThat(failure(access.list(root(OTHER), userArn("/", "dave"), List.of("iam"))).code())
                .isEqualTo(AccessDenied);
    }
}

package dev.opensts.it.security;

import dev.opensts.it.Sts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every action that takes an ARN, called by a tenant of account B with account A's ARNs: B gets AccessDenied or
 * NoSuchEntity as AWS answers, never access, and the same answer (apart from the ARN) whether or not A's entity
 * exists. Most of these hold on the landed code and guard the class of defect the fixes touch (existence checks
 * added to RevokeSessions and AssumeRole must not become an oracle).
 */
class CrossAccountArnsIT extends SecurityItBase {
    Key b;
    IamClient bIam;
    String aRole;
    String aUser;
    String aPolicy;
    Credentials aSession;
    String bRole;

    @BeforeAll
    void setUp() throws Exception {
        b = newAccount();
        bIam = iam(b);
        aRole = role(iam, "/", "a-role", trust(A_ROOT), ALLOW_ALL);
        user(iam, A, "/", "a-user", ALLOW_ALL);
        aUser = "arn:aws:iam::" + A + ":user/a-user";
        aPolicy = iam.createPolicy(r -> r.policyName("a-policy").policyDocument(ALLOW_ALL)).policy().arn();
        aSession = assume(sts(rootKey()), aRole, "a-session");
        bRole = role(bIam, "/", "b-role", trust(b.rootArn()), ALLOW_ALL);
        bIam.createUser(r -> r.userName("b-user"));
    }

    String missing(String kind) {
        return "arn:aws:iam::" + A + ":" + kind + "/" + unique("missing");
    }

    /** Both calls fail alike: same code, same status, same message once the ARN is taken out. */
    static void sameRefusal(String existingArn, Consumer<String> call, String missingArn, String code, int status) {
        AwsServiceException e = Sts.fails(code, status, () -> call.accept(existingArn));
        AwsServiceException m = Sts.fails(code, status, () -> call.accept(missingArn));
        assertThat(Sts.message(e).replace(existingArn, "ARN")).isEqualTo(Sts.message(m).replace(missingArn, "ARN"));
    }

    void aSessionStillWorks() {
        assertThat(Sts.sts(replica, aSession).getCallerIdentity().arn()).contains("assumed-role/a-role");
    }

    /** Guard (passes on the landed code). */
    @Test
    void assumingAnotherAccountsRoleIsAccessDeniedLikeARoleThatDoesNotExist() {
        Key bUser = user(bIam, b.accountId(), "/", unique("b-assumer"), ALLOW_ALL);
        for (StsClient caller : new StsClient[]{sts(b), sts(bUser)}) {
            sameRefusal(aRole, arn -> caller.assumeRole(r -> r.roleArn(arn).roleSessionName("xs")),
                    missing("role"), "AccessDenied", 403);
        }
    }

    @Test
    void aSessionPolicyArnOfAnotherAccountIsNotAttachable() {
        String nowhere = missing("policy");
        sameRefusal(aPolicy, arn -> sts(b).assumeRole(r -> r.roleArn(bRole).roleSessionName("xs")
                .policyArns(p -> p.arn(arn))), nowhere, "MalformedPolicyDocument", 400);
    }

    /** Guard (passes on the landed code). */
    @Test
    void namesOfAnotherAccountsEntitiesResolveInTheCallersAccountOnly() {
        Sts.fails("NoSuchEntity", 404, () -> bIam.getRole(r -> r.roleName("a-role")));
        Sts.fails("NoSuchEntity", 404, () -> bIam.getRolePolicy(r -> r.roleName("a-role").policyName("p")));
        Sts.fails("NoSuchEntity", 404, () -> bIam.listRolePolicies(r -> r.roleName("a-role")));
        Sts.fails("NoSuchEntity", 404, () -> bIam.listAttachedRolePolicies(r -> r.roleName("a-role")));
        Sts.fails("NoSuchEntity", 404, () -> bIam.deleteRolePolicy(r -> r.roleName("a-role").policyName("p")));
        Sts.fails("NoSuchEntity", 404, () -> bIam.getUser(r -> r.userName("a-user")));
        Sts.fails("NoSuchEntity", 404, () -> bIam.listAccessKeys(r -> r.userName("a-user")));
        Sts.fails("NoSuchEntity", 404, () -> bIam.deleteUserPolicy(r -> r.userName("a-user").policyName("p")));
        assertThat(iam.getRolePolicy(r -> r.roleName("a-role").policyName("p")).policyName()).isEqualTo("p");
        assertThat(iam.getUserPolicy(r -> r.userName("a-user").policyName("p")).policyName()).isEqualTo("p");
        aSessionStillWorks();
    }

    /** Guard (passes on the landed code). */
    @Test
    void attachingAnotherAccountsPolicyIsNoSuchEntityLikeAPolicyThatDoesNotExist() {
        sameRefusal(aPolicy, arn -> bIam.attachRolePolicy(r -> r.roleName("b-role").policyArn(arn)),
                missing("policy"), "NoSuchEntity", 404);
        sameRefusal(aPolicy, arn -> bIam.attachUserPolicy(r -> r.userName("b-user").policyArn(arn)),
                missing("policy"), "NoSuchEntity", 404);
        assertThat(bIam.listAttachedRolePolicies(r -> r.roleName("b-role")).attachedPolicies()).isEmpty();
        assertThat(iam.getPolicy(r -> r.policyArn(aPolicy)).policy().attachmentCount()).isZero();
    }

    /** Guard (passes on the landed code). */
    @Test
    void readingOrDeletingAnotherAccountsPolicyIsAccessDeniedLikeAPolicyThatDoesNotExist() {
        sameRefusal(aPolicy, arn -> bIam.getPolicy(r -> r.policyArn(arn)), missing("policy"), "AccessDenied", 403);
        sameRefusal(aPolicy, arn -> bIam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")), missing("policy"),
                "AccessDenied", 403);
        sameRefusal(aPolicy, arn -> bIam.deletePolicy(r -> r.policyArn(arn)), missing("policy"), "AccessDenied", 403);
        assertThat(iam.getPolicy(r -> r.policyArn(aPolicy)).policy().arn()).isEqualTo(aPolicy);
    }

    /** Guard (passes on the landed code). */
    @Test
    void anotherAccountsPolicyIsNoPermissionsBoundary() {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, () -> bIam.putRolePermissionsBoundary(
                r -> r.roleName("b-role").permissionsBoundary(aPolicy)));
        assertThat(e).as("PutRolePermissionsBoundary with another account's policy").isNotNull();
        assertThat(e.statusCode()).isBetween(400, 404);
        String code = e.awsErrorDetails().errorCode();
        sameRefusal(aPolicy, arn -> bIam.putRolePermissionsBoundary(r -> r.roleName("b-role")
                .permissionsBoundary(arn)), missing("policy"), code, e.statusCode());
        sameRefusal(aPolicy, arn -> bIam.putUserPermissionsBoundary(r -> r.userName("b-user")
                .permissionsBoundary(arn)), missing("policy"), code, e.statusCode());
        assertThat(bIam.getRole(r -> r.roleName("b-role")).role().permissionsBoundary()).isNull();
        assertThat(bIam.getUser(r -> r.userName("b-user")).user().permissionsBoundary()).isNull();
        String name = unique("bounded");
        Sts.fails(code, e.statusCode(), () -> bIam.createRole(r -> r.roleName(name)
                .assumeRolePolicyDocument(trust(b.rootArn())).permissionsBoundary(aPolicy)));
        Sts.fails("NoSuchEntity", 404, () -> bIam.getRole(r -> r.roleName(name)));
    }

    /** Guard (passes on the landed code). */
    @Test
    void revokingAnotherAccountsSessionsIsAccessDeniedAndRevokesNothing() {
        String sessionArn = Sts.sts(replica, aSession).getCallerIdentity().arn();
        for (String[] selector : new String[][]{{"RoleArn", aRole}, {"RoleArn", missing("role")},
                {"PrincipalArn", aUser}, {"PrincipalArn", sessionArn}, {"AccessKeyId", aSession.accessKeyId()}}) {
            stsCall(b.signing(), "Action", "RevokeSessions", selector[0], selector[1]).is(403, "AccessDenied");
        }
        aSessionStillWorks();
    }
}

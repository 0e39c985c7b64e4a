package dev.opensts.it.security;

import dev.opensts.it.Sts;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.sts.model.Credentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trust policies name IAM users and roles as AWS stores them, by unique id: a principal deleted and re-created
 * under the same name is another principal and is not trusted any more; a principal that does not exist cannot
 * be named; and a role's session may assume its own role again only where the trust policy names the role
 * itself (trusting the account is not enough, or a session could shed its session policies that way).
 */
class TrustPrincipalsIT extends SecurityItBase {

    @Test
    void aUserDeletedAndRecreatedUnderTheSameNameIsNoLongerTrusted() {
        String name = unique("trusted");
        Key alice = user(iam, A, "/", name, doc(statement("Allow", "sts:AssumeRole", "*", null)));
        String target = role(iam, "/", unique("target"), trust("arn:aws:iam::" + A + ":user/" + name), null);
        assertThat(Sts.sts(replica, alice.keyId(), alice.secret()).assumeRole(r -> r.roleArn(target)
                .roleSessionName("before")).credentials().accessKeyId()).startsWith("ASIA");

        iam.deleteUserPolicy(r -> r.userName(name).policyName("p"));
        iam.deleteAccessKey(r -> r.userName(name).accessKeyId(alice.keyId()));
        iam.deleteUser(r -> r.userName(name));
        Key impostor = user(iam, A, "/", name, doc(statement("Allow", "sts:AssumeRole", "*", null)));
        Sts.fails("AccessDenied", 403, () -> Sts.sts(replica, impostor.keyId(), impostor.secret())
                .assumeRole(r -> r.roleArn(target).roleSessionName("after")));
    }

    @Test
    void aTrustPolicyCannotNameAPrincipalThatDoesNotExist() {
        String ghost = "arn:aws:iam::" + A + ":role/" + unique("ghost");
        var e = Sts.fails("MalformedPolicyDocument", 400, () -> iam.createRole(r -> r.roleName(unique("r"))
                .assumeRolePolicyDocument(trust(ghost))));
        assertThat(e).isInstanceOf(MalformedPolicyDocumentException.class);
        assertThat(Sts.message(e)).contains("Invalid principal in policy");
        String existing = role(iam, "/", unique("r"), trust(A_ROOT), null);
        String existingName = existing.substring(existing.lastIndexOf('/') + 1);
        Sts.fails("MalformedPolicyDocument", 400, () -> iam.updateAssumeRolePolicy(r -> r.roleName(existingName)
                .policyDocument(trust(ghost))));
    }

    @Test
    void aRoleSessionAssumesItsOwnRoleOnlyWhereTheTrustPolicyNamesTheRole() {
        String name = unique("self");
        String arn = role(iam, "/team/", name, trust(A_ROOT), ALLOW_ALL);
        var root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        // a session narrowed to sts:AssumeRole only
        Credentials narrowed = root.assumeRole(r -> r.roleArn(arn).roleSessionName("narrow")
                .policy(doc(statement("Allow", "sts:AssumeRole", "*", null)))).credentials();
        Sts.fails("AccessDenied", 403, () -> Sts.sts(replica, narrowed).assumeRole(r -> r.roleArn(arn)
                .roleSessionName("wider")));
        // naming the role itself allows it, as in AWS
        iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(doc(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + A_ROOT + "\",\"" + arn + "\"]},"
                        + "\"Action\":\"sts:AssumeRole\"}")));
        assertThat(Sts.sts(replica, narrowed).assumeRole(r -> r.roleArn(arn).roleSessionName("again"))
                .assumedRoleUser().arn()).endsWith(":assumed-role/" + name + "/again");
    }
}

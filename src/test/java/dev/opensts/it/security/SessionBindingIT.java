package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.it.Sts;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import static dev.opensts.it.security.Forwarding.forward;
import static dev.opensts.it.security.Forwarding.signedGet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D3: a session is bound to the unique id of its principal. Once the role (or, for GetSessionToken credentials,
 * the user) is deleted -- and also when a new one is created under the same name -- the session is refused on
 * every call: InvalidClientTokenId on STS and IAM, a Deny with that error on the decision endpoint.
 */
class SessionBindingIT extends SecurityItBase {
    static final String QUEUE = "arn:aws:sqs:us-east-1:" + A + ":orders";
    static final String NARROW = doc(statement("Allow", "sqs:SendMessage", QUEUE, null));

    JsonNode sendMessage(AwsCredentialsIdentity who) {
        return forwarding().decide(forward(signedGet(who, "sqs", "us-east-1", "/"), "sqs", "us-east-1",
                "sqs:SendMessage", QUEUE));
    }

    /** Refused everywhere as an invalid token: STS, IAM, and the decision endpoint. */
    void refused(Credentials c) {
        var e = Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, c).getCallerIdentity());
        assertThat(Sts.message(e)).isEqualTo("The security token included in the request is invalid.");
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.iam(replica, c).listRoles());
        JsonNode d = expectDecision(sendMessage(identity(c)), "Deny");
        assertThat(d.at("/error/code").asText()).as(d.toString()).isEqualTo("InvalidClientTokenId");
        assertThat(d.at("/error/httpStatus").asInt()).isEqualTo(403);
    }

    static void deleteRole(IamClient admin, String name) {
        admin.deleteRolePolicy(r -> r.roleName(name).policyName("p"));
        admin.deleteRole(r -> r.roleName(name));
    }

    static void deleteUser(IamClient admin, String name) {
        admin.listAccessKeys(r -> r.userName(name)).accessKeyMetadata().forEach(k ->
                admin.deleteAccessKey(r -> r.userName(name).accessKeyId(k.accessKeyId())));
        admin.deleteUserPolicy(r -> r.userName(name).policyName("p"));
        admin.deleteUser(r -> r.userName(name));
    }

    @Test
    void aSessionOfADeletedRoleIsRefused() {
        String name = unique("gone");
        String arn = role(iam, "/", name, trust(A_ROOT), NARROW);
        Credentials s = assume(sts(rootKey()), arn, "before");
        assertThat(Sts.sts(replica, s).getCallerIdentity().arn()).contains("assumed-role/" + name);
        expectDecision(sendMessage(identity(s)), "Allow");
        deleteRole(iam, name);
        refused(s);
    }

    @Test
    void aSessionOfARoleDeletedAndRecreatedUnderTheSameNameIsRefusedWhileNewSessionsWork() {
        String name = unique("reborn");
        String arn = role(iam, "/", name, trust(A_ROOT), NARROW);
        Credentials old = assume(sts(rootKey()), arn, "old");
        String oldId = iam.getRole(r -> r.roleName(name)).role().roleId();
        deleteRole(iam, name);
        // the same name, a broader policy, a new unique id
        role(iam, "/", name, trust(A_ROOT), ALLOW_ALL);
        assertThat(iam.getRole(r -> r.roleName(name)).role().roleId()).isNotEqualTo(oldId);
        refused(old);
        Credentials fresh = assume(sts(rootKey()), arn, "new");
        assertThat(Sts.sts(replica, fresh).getCallerIdentity().userId()).doesNotStartWith(oldId);
        assertThat(Sts.iam(replica, fresh).listRoles().roles()).isNotEmpty();
        expectDecision(sendMessage(identity(fresh)), "Allow");
    }

    @Test
    void getSessionTokenCredentialsOfADeletedUserAreRefusedAlsoForAssumeRole() {
        String target = role(iam, "/", unique("target"), trust(A_ROOT), null);
        String name = unique("leaver");
        Key k = user(iam, A, "/", name, doc(statement("Allow", "[\"sts:AssumeRole\",\"sqs:SendMessage\"]", "*",
                null)));
        Credentials gst = sts(k).getSessionToken().credentials();
        assertThat(assume(Sts.sts(replica, gst), target, "while-there").accessKeyId()).startsWith("ASIA");
        expectDecision(sendMessage(identity(gst)), "Allow");
        deleteUser(iam, name);
        refused(gst);
        Sts.fails("InvalidClientTokenId", 403, () -> assume(Sts.sts(replica, gst), target, "after"));
    }

    @Test
    void getSessionTokenCredentialsOfAUserDeletedAndRecreatedAreRefused() {
        String target = role(iam, "/", unique("target"), trust(A_ROOT), null);
        String name = unique("rehired");
        String policy = doc(statement("Allow", "[\"sts:AssumeRole\",\"sqs:SendMessage\"]", "*", null));
        Key k = user(iam, A, "/", name, policy);
        Credentials old = sts(k).getSessionToken().credentials();
        deleteUser(iam, name);
        Key again = user(iam, A, "/", name, policy);
        refused(old);
        Sts.fails("InvalidClientTokenId", 403, () -> assume(Sts.sts(replica, old), target, "after"));
        // the new user's own sessions work
        Credentials fresh = sts(again).getSessionToken().credentials();
        assertThat(assume(Sts.sts(replica, fresh), target, "fresh").accessKeyId()).startsWith("ASIA");
    }

    /** Guard: long-term keys die with their user and stay dead when the name is reused. Passes on the landed code. */
    @Test
    void longTermKeysOfADeletedUserAreRefusedAlsoAfterTheNameIsReused() {
        String name = unique("keys");
        String policy = doc(statement("Allow", "iam:ListRoles", "*", null));
        Key k = user(iam, A, "/", name, policy);
        assertThat(iam(k).listRoles().roles()).isNotNull();
        deleteUser(iam, name);
        Sts.fails("InvalidClientTokenId", 403, () -> iam(k).listRoles());
        user(iam, A, "/", name, policy);
        Sts.fails("InvalidClientTokenId", 403, () -> iam(k).listRoles());
        Sts.fails("InvalidClientTokenId", 403, () -> sts(k).getCallerIdentity());
        JsonNode d = expectDecision(sendMessage(k.identity()), "Deny");
        assertThat(d.at("/error/code").asText()).isEqualTo("InvalidClientTokenId");
    }
}

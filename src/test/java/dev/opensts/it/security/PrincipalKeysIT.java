package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.it.Sts;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.sts.model.Credentials;

import static dev.opensts.it.security.Forwarding.forward;
import static dev.opensts.it.security.Forwarding.signedGet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D2: the principal condition keys carry AWS's exact values, on the Query endpoint and on the decision endpoint:
 * aws:PrincipalArn of a role session is the role's ARN with its path; aws:MultiFactorAuthPresent is absent for
 * long-term keys; aws:RequestedRegion and aws:ResourceAccount are set; aws:PrincipalType, aws:userid and
 * aws:username as AWS documents them.
 */
class PrincipalKeysIT extends SecurityItBase {
    static final String QUEUE = "arn:aws:sqs:us-east-1:" + A + ":orders";

    JsonNode sqs(AwsCredentialsIdentity who, String action, String queueArn) {
        return forwarding().decide(forward(signedGet(who, "sqs", "us-east-1", "/"), "sqs", "us-east-1", action,
                queueArn));
    }

    @Test
    void anExplicitDenyOnTheRolesPathAppliesToItsSessions() {
        String name = unique("dev");
        String arn = role(iam, "/contractors/", name, trust(A_ROOT), doc(
                statement("Allow", "*", "*", null),
                statement("Deny", "[\"iam:ListRoles\",\"sqs:SendMessage\"]", "*",
                        "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::" + A + ":role/contractors/*\"}}")));
        assertThat(arn).isEqualTo("arn:aws:iam::" + A + ":role/contractors/" + name);
        Credentials s = assume(sts(rootKey()), arn, "contractor");
        // Query endpoint: the explicit Deny applies
        Sts.fails("AccessDenied", 403, () -> Sts.iam(replica, s).listRoles());
        // decision endpoint likewise; an action the Deny does not name stays allowed
        expectDecision(sqs(identity(s), "sqs:SendMessage", QUEUE), "Deny");
        expectDecision(sqs(identity(s), "sqs:ReceiveMessage", QUEUE), "Allow");
    }

    @Test
    void anAllowOnTheRolesPathMatchesItsSessions() {
        String name = unique("ops");
        String arn = role(iam, "/contractors/", name, trust(A_ROOT), doc(
                statement("Allow", "[\"iam:ListRoles\",\"sqs:SendMessage\"]", "*",
                        "{\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::" + A + ":role/contractors/*\"}}")));
        Credentials s = assume(sts(rootKey()), arn, "contractor");
        assertThat(Sts.iam(replica, s).listRoles().roles()).isNotEmpty();
        JsonNode d = expectDecision(sqs(identity(s), "sqs:SendMessage", QUEUE), "Allow");
        assertThat(d.at("/principal/arn").asText())
                .isEqualTo("arn:aws:sts::" + A + ":assumed-role/" + name + "/contractor");
    }

    /**
     * Long-term keys carry no aws:MultiFactorAuthPresent: a Deny on {"Bool": false} does not match them (AWS's
     * documented pitfall) and {"Null": true} does; temporary credentials carry "false".
     */
    @Test
    void mfaPresentIsAbsentForLongTermKeysAndFalseForTemporaryOnes() {
        String policy = doc(
                statement("Allow", "[\"sqs:*\",\"iam:ListRoles\",\"sts:AssumeRole\"]", "*", null),
                statement("Deny", "[\"sqs:SendMessage\",\"iam:ListRoles\"]", "*",
                        "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}"),
                statement("Deny", "sqs:DeleteQueue", "*", "{\"Null\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"));
        String userName = unique("mfa");
        Key longTerm = user(iam, A, "/", userName, policy);
        // long-term key: the key is absent
        assertThat(iam(longTerm).listRoles().roles()).isNotNull();
        expectDecision(sqs(longTerm.identity(), "sqs:SendMessage", QUEUE), "Allow");
        expectDecision(sqs(longTerm.identity(), "sqs:DeleteQueue", QUEUE), "Deny");
        // the user's GetSessionToken session: present, "false"
        Credentials gst = sts(longTerm).getSessionToken().credentials();
        expectDecision(sqs(identity(gst), "sqs:SendMessage", QUEUE), "Deny");
        expectDecision(sqs(identity(gst), "sqs:DeleteQueue", QUEUE), "Allow");
        // a role session: present, "false"
        String arn = role(iam, "/", unique("mfa"), trust(A_ROOT), policy);
        Credentials s = assume(sts(rootKey()), arn, "m1");
        expectDecision(sqs(identity(s), "sqs:SendMessage", QUEUE), "Deny");
        expectDecision(sqs(identity(s), "sqs:DeleteQueue", QUEUE), "Allow");
    }

    @Test
    void requestedRegionIsTheRegionTheRequestWasSignedFor() {
        Key k = user(iam, A, "/", unique("region"), doc(
                statement("Allow", "iam:ListRoles", "*",
                        "{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\"}}"),
                statement("Allow", "sqs:SendMessage", "*",
                        "{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-3\"}}")));
        assertThat(iam(k).listRoles().roles()).isNotNull();
        String queue = "arn:aws:sqs:eu-west-3:" + A + ":orders";
        expectDecision(forwarding().decide(forward(signedGet(k.identity(), "sqs", "eu-west-3", "/"), "sqs",
                "eu-west-3", "sqs:SendMessage", queue)), "Allow");
        expectDecision(sqs(k.identity(), "sqs:SendMessage", QUEUE), "Deny");
    }

    @Test
    void resourceAccountIsTheAccountOfTheResource() {
        String target = role(iam, "/", unique("target"), trust(A_ROOT), null);
        String targetName = target.substring(target.lastIndexOf('/') + 1);
        Key k = user(iam, A, "/", unique("resacct"), doc(
                statement("Allow", "[\"iam:GetRole\",\"sqs:SendMessage\"]", "*",
                        "{\"StringEquals\":{\"aws:ResourceAccount\":\"" + A + "\"}}")));
        assertThat(iam(k).getRole(r -> r.roleName(targetName)).role().arn()).isEqualTo(target);
        // derived from the resource ARN when the resource service does not name it
        expectDecision(sqs(k.identity(), "sqs:SendMessage", QUEUE), "Allow");
    }

    /** Guard: the exact values of aws:PrincipalType, aws:userid and aws:username per kind of caller. */
    @Test
    void principalTypeUserIdAndUserNameOfEachKindOfCaller() {
        // the root, seen through a trust policy's conditions
        String rootOnly = role(iam, "/", unique("rootonly"), "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + A_ROOT + "\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalType\":\"Account\",\"aws:userid\":\"" + A + "\","
                + "\"aws:PrincipalArn\":\"" + A_ROOT + "\"},\"Null\":{\"aws:username\":\"true\"}}}]}", null);
        assertThat(assume(sts(rootKey()), rootOnly, "root").accessKeyId()).startsWith("ASIA");

        // a user and its GetSessionToken session
        String userName = unique("kinds");
        iam.createUser(r -> r.userName(userName));
        String userId = iam.getUser(r -> r.userName(userName)).user().userId();
        assertThat(userId).startsWith("AIDA");
        iam.putUserPolicy(r -> r.userName(userName).policyName("p").policyDocument(doc(statement("Allow",
                "sqs:SendMessage", "*", "{\"StringEquals\":{\"aws:PrincipalType\":\"User\",\"aws:userid\":\""
                        + userId + "\",\"aws:username\":\"" + userName + "\",\"aws:PrincipalArn\":\"arn:aws:iam::"
                        + A + ":user/" + userName + "\"}}"))));
        var key = iam.createAccessKey(r -> r.userName(userName)).accessKey();
        Key user = new Key(A, key.accessKeyId(), key.secretAccessKey());
        expectDecision(sqs(user.identity(), "sqs:SendMessage", QUEUE), "Allow");
        Credentials gst = sts(user).getSessionToken().credentials();
        expectDecision(sqs(identity(gst), "sqs:SendMessage", QUEUE), "Allow");

        // a role session: AROA...:session, and no aws:username
        String roleName = unique("kinds");
        String roleArn = role(iam, "/", roleName, trust(A_ROOT), null);
        String roleId = iam.getRole(r -> r.roleName(roleName)).role().roleId();
        iam.putRolePolicy(r -> r.roleName(roleName).policyName("p").policyDocument(doc(statement("Allow",
                "sqs:SendMessage", "*", "{\"StringEquals\":{\"aws:PrincipalType\":\"AssumedRole\",\"aws:userid\":\""
                        + roleId + ":sess\"},\"Null\":{\"aws:username\":\"true\"}}"))));
        Credentials s = assume(sts(rootKey()), roleArn, "sess");
        expectDecision(sqs(identity(s), "sqs:SendMessage", QUEUE), "Allow");
    }
}

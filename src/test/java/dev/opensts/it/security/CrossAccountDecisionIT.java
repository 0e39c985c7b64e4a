package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.http.HttpResponse;

import static dev.opensts.it.security.Forwarding.forward;
import static dev.opensts.it.security.Forwarding.signedGet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D1: the decision endpoint decides only within the caller's own account. The resource's account is
 * aws:ResourceAccount from the context, else the ARN's account field; another account's resource is a Deny for
 * every kind of caller (identity policies grant only within their account, open-sts holds no resource policies).
 */
class CrossAccountDecisionIT extends SecurityItBase {
    Key b;
    Key everythingUser;
    Credentials everythingSession;
    Key bEverythingUser;

    @BeforeAll
    void setUp() throws Exception {
        b = newAccount();
        everythingUser = user(iam, A, "/", "everything", ALLOW_ALL);
        role(iam, "/", "everything", trust(A_ROOT), ALLOW_ALL);
        everythingSession = assume(sts(rootKey()), "arn:aws:iam::" + A + ":role/everything", "d1");
        bEverythingUser = user(iam(b), b.accountId(), "/", "b-everything", ALLOW_ALL);
    }

    static String queue(String account) {
        return "arn:aws:sqs:us-east-1:" + account + ":orders";
    }

    /** sqs:SendMessage on a queue, signed for sqs by the SDK. */
    JsonNode sendMessage(AwsCredentialsIdentity who, String queueArn) {
        return forwarding().decide(forward(signedGet(who, "sqs", "us-east-1", "/"), "sqs", "us-east-1",
                "sqs:SendMessage", queueArn));
    }

    /** s3:GetObject on a bucket ARN (no account field) with the owner named in aws:ResourceAccount. */
    JsonNode getObject(AwsCredentialsIdentity who, String owner) {
        ObjectNode in = forward(signedGet(who, "s3", "us-east-1", "/photos/a.jpg"), "s3", "us-east-1",
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg");
        return forwarding().decide(context(in, "aws:ResourceAccount", owner));
    }

    @Test
    void theRootIsDeniedAnotherAccountsResource() {
        JsonNode d = expectDecision(sendMessage(rootKey().identity(), queue(b.accountId())), "Deny");
        assertThat(d.path("error").isMissingNode()).as("a decision, not an authentication failure").isTrue();
        expectDecision(getObject(rootKey().identity(), b.accountId()), "Deny");
        expectDecision(forwarding().decide(forward(signedGet(rootKey().identity(), "iam", "us-east-1", "/"),
                "iam", "us-east-1", "iam:GetRole", "arn:aws:iam::" + b.accountId() + ":role/anything")), "Deny");
    }

    @Test
    void aUserAllowedEverythingIsDeniedAnotherAccountsResource() {
        expectDecision(sendMessage(everythingUser.identity(), queue(b.accountId())), "Deny");
        expectDecision(getObject(everythingUser.identity(), b.accountId()), "Deny");
    }

    @Test
    void aRoleSessionAllowedEverythingIsDeniedAnotherAccountsResource() {
        expectDecision(sendMessage(identity(everythingSession), queue(b.accountId())), "Deny");
        expectDecision(getObject(identity(everythingSession), b.accountId()), "Deny");
    }

    @Test
    void anotherTenantsCallersAreDeniedThisAccountsResources() {
        expectDecision(sendMessage(b.identity(), queue(A)), "Deny");
        expectDecision(sendMessage(bEverythingUser.identity(), queue(A)), "Deny");
        expectDecision(getObject(bEverythingUser.identity(), A), "Deny");
        expectDecision(forwarding().decide(forward(signedGet(bEverythingUser.identity(), "iam", "us-east-1", "/"),
                "iam", "us-east-1", "iam:GetRole", "arn:aws:iam::" + A + ":role/everything")), "Deny");
    }

    @Test
    void aResourceAccountThatDisagreesWithTheArnIsABadRequest() throws Exception {
        ObjectNode in = forward(signedGet(everythingUser.identity(), "sqs", "us-east-1", "/"), "sqs", "us-east-1",
                "sqs:SendMessage", queue(A));
        HttpResponse<String> r = forwarding().post(context(in, "aws:ResourceAccount", b.accountId()).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Forwarding.JSON.readTree(r.body()).path("code").asText()).isEqualTo("InvalidRequest");
    }

    @Test
    void anArnWithoutAccountNeedsTheResourceAccount() throws Exception {
        ObjectNode in = forward(signedGet(everythingUser.identity(), "s3", "us-east-1", "/photos/a.jpg"), "s3",
                "us-east-1", "s3:GetObject", "arn:aws:s3:::photos/a.jpg");
        HttpResponse<String> r = forwarding().post(in.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Forwarding.JSON.readTree(r.body()).path("code").asText()).isEqualTo("InvalidRequest");
    }

    /** Guard: the fix must not take away what the same account may do. Passes on the landed code. */
    @Test
    void theSameAccountIsUnchanged() {
        expectDecision(sendMessage(rootKey().identity(), queue(A)), "Allow");
        expectDecision(getObject(rootKey().identity(), A), "Allow");
        expectDecision(forwarding().decide(forward(signedGet(rootKey().identity(), "sqs", "us-east-1", "/"), "sqs",
                "us-east-1", "sqs:ListQueues", "*")), "Allow");
        expectDecision(sendMessage(everythingUser.identity(), queue(A)), "Allow");
        expectDecision(getObject(identity(everythingSession), A), "Allow");
        expectDecision(sendMessage(b.identity(), queue(b.accountId())), "Allow");
        // a user's own policies still decide: no policy, no Allow
        Key nobody = user(iam, A, "/", unique("nobody"), null);
        expectDecision(sendMessage(nobody.identity(), queue(A)), "Deny");
    }
}

package dev.opensts.it.security;

import dev.opensts.it.Sts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D10: PolicyArns of AssumeRole name managed policies of the role's own account, by their exact ARN (path
 * included): another account's policy is "not attachable", exactly like one that exists nowhere. A caller the
 * trust policy does not allow learns nothing about the role from what else it passes: AccessDenied first.
 */
class SessionPolicyArnsIT extends SecurityItBase {
    Key b;
    String target;
    String bPolicy;
    String teamPolicy;
    Key nobody;

    @BeforeAll
    void setUp() throws Exception {
        b = newAccount();
        bPolicy = iam(b).createPolicy(r -> r.policyName("b-policy").policyDocument(ALLOW_ALL)).policy().arn();
        target = role(iam, "/", "target", trustActions(A_ROOT, "sts:AssumeRole", "sts:TagSession"), ALLOW_ALL);
        teamPolicy = iam.createPolicy(r -> r.policyName("team-policy").path("/team/")
                .policyDocument(doc(statement("Allow", "sqs:*", "*", null)))).policy().arn();
        assertThat(teamPolicy).isEqualTo("arn:aws:iam::" + A + ":policy/team/team-policy");
        // a user of A whose own policies do not allow sts:AssumeRole: the trust (naming A's root) lets it down
        nobody = user(iam, A, "/", "nobody", doc(statement("Allow", "sqs:*", "*", null)));
    }

    AwsServiceException notAttachable(StsClient as, String policyArn) {
        AwsServiceException e = Sts.fails("MalformedPolicyDocument", 400, () -> as.assumeRole(r -> r.roleArn(target)
                .roleSessionName("s1").policyArns(p -> p.arn(policyArn))));
        assertThat(Sts.message(e)).isEqualTo("Policy " + policyArn + " does not exist or is not attachable.");
        return e;
    }

    @Test
    void aPolicyOfAnotherAccountIsNotAttachableExactlyLikeOneThatExistsNowhere() {
        StsClient root = sts(rootKey());
        String nowhere = "arn:aws:iam::" + b.accountId() + ":policy/" + unique("nowhere");
        AwsServiceException existing = notAttachable(root, bPolicy);
        AwsServiceException missing = notAttachable(root, nowhere);
        assertThat(Sts.message(existing).replace(bPolicy, "ARN")).isEqualTo(Sts.message(missing).replace(nowhere, "ARN"));
    }

    @Test
    void aPolicyArnWithTheWrongPathIsNotAttachable() {
        StsClient root = sts(rootKey());
        notAttachable(root, "arn:aws:iam::" + A + ":policy/team-policy");
        notAttachable(root, "arn:aws:iam::" + A + ":policy/other/team-policy");
        // the exact ARN is attachable
        assertThat(root.assumeRole(r -> r.roleArn(target).roleSessionName("s1").policyArns(p -> p.arn(teamPolicy)))
                .credentials().accessKeyId()).startsWith("ASIA");
    }

    /** The same AccessDenied, apart from the ARN, as for a role that does not exist. */
    void deniedBeforeAnythingElse(StsClient as, Consumer<AssumeRoleRequest.Builder> extra) {
        String ghost = "arn:aws:iam::" + A + ":role/" + unique("ghost");
        AwsServiceException real = Sts.fails("AccessDenied", 403, () -> as.assumeRole(r -> {
            r.roleArn(target).roleSessionName("s1");
            extra.accept(r);
        }));
        AwsServiceException none = Sts.fails("AccessDenied", 403, () -> as.assumeRole(r -> {
            r.roleArn(ghost).roleSessionName("s1");
            extra.accept(r);
        }));
        assertThat(Sts.message(real).replace(target, "ARN")).isEqualTo(Sts.message(none).replace(ghost, "ARN"));
    }

    @Test
    void anUntrustedCallerGetsAccessDeniedWhateverItPasses() {
        List<Tag> bigTags = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bigTags.add(Tag.builder().key("k" + i + "-" + "x".repeat(120)).value("v".repeat(256)).build());
        }
        for (StsClient untrusted : List.of(sts(b), sts(nobody))) {
            deniedBeforeAnythingElse(untrusted, r -> r.policyArns(p -> p.arn("arn:aws:iam::" + A + ":policy/nope")));
            deniedBeforeAnythingElse(untrusted, r -> r.policyArns(p -> p.arn(bPolicy)));
            deniedBeforeAnythingElse(untrusted, r -> r.durationSeconds(43200));
            deniedBeforeAnythingElse(untrusted, r -> r.tags(bigTags));
        }
    }
}

package dev.opensts.it.security;

import dev.opensts.it.Sts;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings of the outside security review (branch h-review), each as the behaviour AWS has and the threat model
 * promises. They fail on the reviewed main: see the review report for severities and the reproduction outside
 * the test suite.
 */
class ReviewFindingsIT extends SecurityItBase {

    // ---- R1: IAM requests carry none of the request keys guardrails are written with ----------------------------

    /**
     * AWS's documented way to protect an ABAC tag: deny tagging requests whose aws:TagKeys name it. The key is
     * absent from open-sts's IAM request context, ForAnyValue on an absent key is false, so the Deny never applies
     * and the user tags itself into the ABAC group.
     */
    @Test
    void aDenyOnAwsTagKeysStopsAUserFromTaggingItself() {
        String name = unique("tagger");
        String self = "arn:aws:iam::" + A + ":user/" + name;
        Key u = user(iam, A, "/", name, doc(
                statement("Allow", "iam:TagUser", self, null),
                statement("Deny", "[\"iam:TagUser\",\"iam:UntagUser\"]", "*",
                        "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}")));
        Answer a = iamCall(u.signing(), "Action", "TagUser", "UserName", name,
                "Tags.member.1.Key", "team", "Tags.member.1.Value", "admins");
        a.is(403, "AccessDenied");
        assertThat(iam.listUserTags(r -> r.userName(name)).tags()).isEmpty();
    }

    /** The same through aws:RequestTag: a Deny on a request tag's presence ("Null": false) must apply. */
    @Test
    void aDenyOnAwsRequestTagStopsARoleBeingTagged() {
        String name = unique("tagger");
        String target = unique("tagged");
        role(iam, "/", target, trust(A_ROOT), null);
        Key u = user(iam, A, "/", name, doc(
                statement("Allow", "iam:TagRole", "*", null),
                statement("Deny", "iam:TagRole", "*", "{\"Null\":{\"aws:RequestTag/team\":\"false\"}}")));
        iamCall(u.signing(), "Action", "TagRole", "RoleName", target,
                "Tags.member.1.Key", "team", "Tags.member.1.Value", "admins").is(403, "AccessDenied");
    }

    /**
     * AWS's documented way to keep a policy from being attached: deny Attach*Policy when iam:PolicyARN is that
     * policy. The key is absent, ArnEquals on an absent key is false, and the user attaches the admin policy.
     */
    @Test
    void aDenyOnIamPolicyArnStopsAttachingThatPolicy() {
        String policyName = unique("admin");
        String adminArn = iam.createPolicy(r -> r.policyName(policyName).policyDocument(ALLOW_ALL)).policy().arn();
        String name = unique("attacher");
        Key u = user(iam, A, "/", name, doc(
                statement("Allow", "iam:AttachUserPolicy", "arn:aws:iam::" + A + ":user/" + name, null),
                statement("Deny", "[\"iam:AttachUserPolicy\",\"iam:AttachRolePolicy\"]", "*",
                        "{\"ArnEquals\":{\"iam:PolicyARN\":\"" + adminArn + "\"}}")));
        iamCall(u.signing(), "Action", "AttachUserPolicy", "UserName", name, "PolicyArn", adminArn)
                .is(403, "AccessDenied");
        assertThat(iam.listAttachedUserPolicies(r -> r.userName(name)).attachedPolicies()).isEmpty();
    }

    // ---- R3: an account's root sessions cannot be revoked by principal ------------------------------------------

    /**
     * A leaked root key: the operator rotates it, but the GetSessionToken session minted with it keeps working (up
     * to an hour) and keeps minting role sessions after every role revocation. RevokeSessions refuses the root's
     * ARN as PrincipalArn, although the revocation index keys roots ("ACCOUNT:root").
     */
    @Test
    void anAccountsRootSessionsCanBeRevokedByItsPrincipalArn() throws Exception {
        Key b = newAccount();
        Credentials rootSession = sts(b).getSessionToken(r -> r.durationSeconds(900)).credentials();
        Answer a = stsCall(b.signing(), "Action", "RevokeSessions", "PrincipalArn", b.rootArn());
        assertThat(a.status()).as(a.shown()).isEqualTo(200);
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, rootSession).getCallerIdentity());
    }

    // ---- R4: revoking a session by its ARN leaves that session working ------------------------------------------

    /**
     * RevokeSessions PrincipalArn=arn:aws:sts::A:assumed-role/ROLE/SESSION answers a RevocationId, but the named
     * session keeps working and mints new children after the revocation: only children minted before it are
     * refused.
     */
    @Test
    void revokingAnAssumedRoleSessionArnRefusesThatSession() {
        String name = unique("revoked");
        String arn = role(iam, "/", name, trust(A_ROOT), doc(statement("Allow", "sts:AssumeRole", "*", null)));
        StsClient root = sts(rootKey());
        Credentials s = assume(root, arn, "compromised");
        Answer a = stsCall(rootKey().signing(), "Action", "RevokeSessions", "PrincipalArn",
                "arn:aws:sts::" + A + ":assumed-role/" + name + "/compromised");
        assertThat(a.status()).as(a.shown()).isEqualTo(200);
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, s).getCallerIdentity());
    }
}

package dev.opensts.it.security;

import dev.opensts.it.Sts;
import dev.opensts.sigv4.SigningCredentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D4: RevokeSessions resolves the role (and user) it names -- by account and case-insensitive name, whatever the
 * path -- refuses a role that does not exist, and refuses another account's before looking. D5: every kind of
 * revocation reaches down role chains.
 */
class RevocationScopeIT extends SecurityItBase {
    static final String CHAINING = doc(statement("Allow", "[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"]", "*",
            null));
    Key b;

    @BeforeAll
    void setUp() throws Exception {
        b = newAccount();
    }

    Answer revoke(SigningCredentials as, String... selector) {
        String[] kv = new String[selector.length + 2];
        kv[0] = "Action";
        kv[1] = "RevokeSessions";
        System.arraycopy(selector, 0, kv, 2, selector.length);
        return stsCall(as, kv);
    }

    void revokeOk(String... selector) {
        Answer a = revoke(rootKey().signing(), selector);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.body()).contains("<RevocationId>");
    }

    void works(Credentials c) {
        assertThat(Sts.sts(replica, c).getCallerIdentity().arn()).contains(":assumed-role/");
    }

    void refused(Credentials c) {
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, c).getCallerIdentity());
    }

    // ---- D4 ------------------------------------------------------------------------------------------------

    @Test
    void aPathlessRoleArnRevokesTheRolesSessions() {
        String name = unique("deployer");
        String arn = role(iam, "/team/", name, trust(A_ROOT), null);
        Credentials s = assume(sts(rootKey()), arn, "s1");
        works(s);
        revokeOk("RoleArn", "arn:aws:iam::" + A + ":role/" + name);
        refused(s);
    }

    @Test
    void aRoleArnInAnotherLetterCaseRevokesTheRolesSessions() {
        String name = "Builder" + unique("X").toUpperCase(Locale.ROOT);
        String arn = role(iam, "/", name, trust(A_ROOT), null);
        Credentials s = assume(sts(rootKey()), arn, "s1");
        revokeOk("RoleArn", "arn:aws:iam::" + A + ":role/" + name.toLowerCase(Locale.ROOT));
        refused(s);
    }

    @Test
    void aRoleArnNamingNoRoleIsNoSuchEntity() {
        String arn = "arn:aws:iam::" + A + ":role/" + unique("nobody");
        revoke(rootKey().signing(), "RoleArn", arn).is(404, "NoSuchEntity");
    }

    /** Guard: another account's role is AccessDenied whether it exists or not (no oracle). Passes today. */
    @Test
    void aRoleArnOfAnotherAccountIsAccessDeniedWhetherOrNotItExists() {
        String name = unique("victim");
        String existing = role(iam, "/", name, trust(A_ROOT), null);
        Credentials s = assume(sts(rootKey()), existing, "s1");
        String missing = "arn:aws:iam::" + A + ":role/" + unique("missing");
        Answer a = revoke(b.signing(), "RoleArn", existing).is(403, "AccessDenied");
        Answer m = revoke(b.signing(), "RoleArn", missing).is(403, "AccessDenied");
        assertThat(a.message().replace(existing, "ARN")).isEqualTo(m.message().replace(missing, "ARN"));
        works(s);
    }

    @Test
    void aPrincipalArnOfAUserMatchesRegardlessOfPathAndCase() {
        String target = role(iam, "/", unique("target"), trust(A_ROOT), null);
        String name = "Carol" + unique("X").toUpperCase(Locale.ROOT);
        Key carol = user(iam, A, "/eng/", name, CHAINING);
        Credentials s = assume(sts(carol), target, "carol");
        works(s);
        revokeOk("PrincipalArn", "arn:aws:iam::" + A + ":user/" + name.toLowerCase(Locale.ROOT));
        refused(s);
    }

    /** Guard: a user who no longer exists is accepted, and what it created is refused. Passes today. */
    @Test
    void aPrincipalArnOfADeletedUserIsAccepted() {
        String target = role(iam, "/", unique("target"), trust(A_ROOT), null);
        String name = unique("gone");
        Key gone = user(iam, A, "/", name, CHAINING);
        Credentials s = assume(sts(gone), target, "gone");
        iam.deleteAccessKey(r -> r.userName(name).accessKeyId(gone.keyId()));
        iam.deleteUserPolicy(r -> r.userName(name).policyName("p"));
        iam.deleteUser(r -> r.userName(name));
        works(s);
        revokeOk("PrincipalArn", "arn:aws:iam::" + A + ":user/" + name);
        refused(s);
    }

    // ---- D5: chains ----------------------------------------------------------------------------------------

    /** Role A trusted by the account's root; role B trusting role A's ARN (and the root). Answers {A, B}. */
    String[] chain() {
        String a = role(iam, "/", unique("chain-a"), trustActions(A_ROOT, "sts:AssumeRole", "sts:SetSourceIdentity"),
                CHAINING);
        String bRole = role(iam, "/", unique("chain-b"), trustActions("[\"" + a + "\",\"" + A_ROOT + "\"]",
                "sts:AssumeRole", "sts:SetSourceIdentity"), null);
        return new String[]{a, bRole};
    }

    @Test
    void aRoleRevocationRefusesSessionsChainedFromTheRole() {
        String[] c = chain();
        StsClient root = sts(rootKey());
        Credentials s1 = assume(root, c[0], "s1");
        Credentials s2 = assume(Sts.sts(replica, s1), c[1], "s2");
        Credentials direct = assume(root, c[1], "direct");
        works(s2);
        revokeOk("RoleArn", c[0]);
        refused(s1);
        refused(s2);
        works(direct);
    }

    /** Guard of the class (chains): passes today. */
    @Test
    void aSourceIdentityRevocationRefusesSessionsChainedFromTheSessionCarryingIt() {
        String[] c = chain();
        StsClient root = sts(rootKey());
        String si = unique("si");
        Credentials s1 = root.assumeRole(r -> r.roleArn(c[0]).roleSessionName("s1").sourceIdentity(si))
                .credentials();
        Credentials s2 = assume(Sts.sts(replica, s1), c[1], "s2");
        Credentials direct = assume(root, c[1], "direct");
        revokeOk("SourceIdentity", si);
        refused(s1);
        refused(s2);
        works(direct);
    }

    /** Guard of the class (chains): passes today. */
    @Test
    void aPrincipalRevocationRefusesSessionsChainedFromWhatThePrincipalCreated() {
        String[] c = chain();
        String name = unique("chainer");
        Key u = user(iam, A, "/", name, CHAINING);
        Credentials s1 = assume(sts(u), c[0], "s1");
        Credentials s2 = assume(Sts.sts(replica, s1), c[1], "s2");
        Credentials direct = assume(sts(rootKey()), c[1], "direct");
        revokeOk("PrincipalArn", "arn:aws:iam::" + A + ":user/" + name);
        refused(s1);
        refused(s2);
        works(direct);
    }

    /** Guard of the class (chains): "already works" per the spec. */
    @Test
    void anAccessKeyRevocationRefusesSessionsChainedFromThatSession() {
        String[] c = chain();
        Credentials s1 = assume(sts(rootKey()), c[0], "s1");
        Credentials s2 = assume(Sts.sts(replica, s1), c[1], "s2");
        Credentials direct = assume(sts(rootKey()), c[1], "direct");
        revokeOk("AccessKeyId", s1.accessKeyId());
        refused(s1);
        refused(s2);
        works(direct);
    }
}

package dev.opensts.it.security;

import dev.opensts.it.Sts;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D11: quotas are LimitExceeded (409) and a refused request changes nothing. The per-account entity quotas are
 * set low for this deployment (3 roles, 3 users, 3 managed policies); the size quotas keep their defaults. Every
 * test works in an account of its own, so that the counts are its own.
 */
class QuotasIT extends SecurityItBase {
    @Override
    Map<String, String> extraEnv() {
        return Map.of("OPENSTS_QUOTAS_ROLES_PER_ACCOUNT", "3",
                "OPENSTS_QUOTAS_USERS_PER_ACCOUNT", "3",
                "OPENSTS_QUOTAS_POLICIES_PER_ACCOUNT", "3");
    }

    static AwsServiceException limitExceeded(Runnable call) {
        return Sts.fails("LimitExceeded", 409, call);
    }

    /** A policy document of exactly {@code n} non-whitespace characters. */
    static String sized(int n) {
        String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::b/";
        String tail = "\"}]}";
        int pad = n - head.length() - tail.length();
        assertThat(pad).isPositive();
        return head + "x".repeat(pad) + tail;
    }

    /** A trust policy of exactly {@code n} non-whitespace characters. */
    static String sizedTrust(String account, int n) {
        String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"";
        String tail = "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account
                + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
        int pad = n - head.length() - tail.length();
        assertThat(pad).isPositive();
        return head + "S".repeat(pad) + tail;
    }

    @Test
    void theFourthRoleOfAnAccountIsLimitExceeded() throws Exception {
        Key t = newAccount();
        IamClient admin = iam(t);
        for (int i = 1; i <= 3; i++) {
            role(admin, "/", "r" + i, trust(t.rootArn()), null);
        }
        limitExceeded(() -> role(admin, "/", "r4", trust(t.rootArn()), null));
        assertThat(admin.listRoles().roles()).hasSize(3);
        Sts.fails("NoSuchEntity", 404, () -> admin.getRole(r -> r.roleName("r4")));
        // the quota counts the roles that exist
        admin.deleteRole(r -> r.roleName("r1"));
        role(admin, "/", "r4", trust(t.rootArn()), null);
    }

    @Test
    void theFourthUserOfAnAccountIsLimitExceeded() throws Exception {
        Key t = newAccount();
        IamClient admin = iam(t);
        for (int i = 1; i <= 3; i++) {
            String n = "u" + i;
            admin.createUser(r -> r.userName(n));
        }
        limitExceeded(() -> admin.createUser(r -> r.userName("u4")));
        assertThat(admin.listUsers().users()).hasSize(3);
        Sts.fails("NoSuchEntity", 404, () -> admin.getUser(r -> r.userName("u4")));
    }

    @Test
    void theFourthManagedPolicyOfAnAccountIsLimitExceeded() throws Exception {
        Key t = newAccount();
        IamClient admin = iam(t);
        for (int i = 1; i <= 3; i++) {
            String n = "p" + i;
            admin.createPolicy(r -> r.policyName(n).policyDocument(ALLOW_ALL));
        }
        limitExceeded(() -> admin.createPolicy(r -> r.policyName("p4").policyDocument(ALLOW_ALL)));
        assertThat(admin.listPolicies().policies()).hasSize(3);
        Sts.fails("NoSuchEntity", 404, () -> admin.getPolicy(r -> r.policyArn("arn:aws:iam::" + t.accountId()
                + ":policy/p4")));
    }

    @Test
    void aRolesInlinePoliciesTogetherOver10240CharactersAreLimitExceeded() throws Exception {
        Key t = newAccount();
        IamClient admin = iam(t);
        role(admin, "/", "big", trust(t.rootArn()), null);
        admin.putRolePolicy(r -> r.roleName("big").policyName("one").policyDocument(sized(6000)));
        limitExceeded(() -> admin.putRolePolicy(r -> r.roleName("big").policyName("two")
                .policyDocument(sized(6000))));
        assertThat(admin.listRolePolicies(r -> r.roleName("big")).policyNames()).containsExactly("one");
        Sts.fails("NoSuchEntity", 404, () -> admin.getRolePolicy(r -> r.roleName("big").policyName("two")));
        // a replaced document counts once: 10,000 alone fits, 10,000 + 300 does not
        admin.putRolePolicy(r -> r.roleName("big").policyName("one").policyDocument(sized(10_000)));
        limitExceeded(() -> admin.putRolePolicy(r -> r.roleName("big").policyName("two")
                .policyDocument(sized(300))));
        assertThat(urlDecode(admin.getRolePolicy(r -> r.roleName("big").policyName("one")).policyDocument()))
                .hasSize(10_000);
    }

    @Test
    void aUsersInlinePoliciesTogetherOver2048CharactersAreLimitExceeded() throws Exception {
        Key t = newAccount();
        IamClient admin = iam(t);
        admin.createUser(r -> r.userName("big"));
        admin.putUserPolicy(r -> r.userName("big").policyName("one").policyDocument(sized(1100)));
        limitExceeded(() -> admin.putUserPolicy(r -> r.userName("big").policyName("two")
                .policyDocument(sized(1100))));
        assertThat(admin.listUserPolicies(r -> r.userName("big")).policyNames()).containsExactly("one");
        // replacing the one policy with a larger one that still fits alone is fine
        admin.putUserPolicy(r -> r.userName("big").policyName("one").policyDocument(sized(2000)));
    }

    @Test
    void aManagedPolicyOver6144CharactersIsLimitExceeded() throws Exception {
        Key t = newAccount();
        IamClient admin = iam(t);
        limitExceeded(() -> admin.createPolicy(r -> r.policyName("huge").policyDocument(sized(6145))));
        assertThat(admin.listPolicies().policies()).isEmpty();
        admin.createPolicy(r -> r.policyName("fits").policyDocument(sized(6144)));
    }

    @Test
    void aTrustPolicyOver2048CharactersIsLimitExceeded() throws Exception {
        Key t = newAccount();
        IamClient admin = iam(t);
        limitExceeded(() -> role(admin, "/", "huge", sizedTrust(t.accountId(), 2049), null));
        assertThat(admin.listRoles().roles()).isEmpty();
        role(admin, "/", "fits", sizedTrust(t.accountId(), 2048), null);
        limitExceeded(() -> admin.updateAssumeRolePolicy(r -> r.roleName("fits")
                .policyDocument(sizedTrust(t.accountId(), 2049))));
        assertThat(urlDecode(admin.getRole(r -> r.roleName("fits")).role().assumeRolePolicyDocument()))
                .isEqualTo(sizedTrust(t.accountId(), 2048));
    }

    /** Guard: the per-entity quotas that exist already (2 keys per user, 50 tags). Passes on the landed code. */
    @Test
    void perEntityQuotasHoldAndChangeNothing() throws Exception {
        Key t = newAccount();
        IamClient admin = iam(t);
        admin.createUser(r -> r.userName("keys"));
        admin.createAccessKey(r -> r.userName("keys"));
        admin.createAccessKey(r -> r.userName("keys"));
        limitExceeded(() -> admin.createAccessKey(r -> r.userName("keys")));
        assertThat(admin.listAccessKeys(r -> r.userName("keys")).accessKeyMetadata()).hasSize(2);
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(Tag.builder().key("k" + i).value("v").build());
        }
        admin.tagUser(r -> r.userName("keys").tags(fifty));
        limitExceeded(() -> admin.tagUser(r -> r.userName("keys").tags(Tag.builder().key("k50").value("v")
                .build())));
        assertThat(admin.listUserTags(r -> r.userName("keys")).tags()).hasSize(50);
    }
}

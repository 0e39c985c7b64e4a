package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.iam.PolicyEvent.PolicyDefaultVersionSet;
import dev.opensts.iam.PolicyEvent.PolicyTagged;
import dev.opensts.iam.PolicyEvent.PolicyVersionCreated;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The policy-version and policy-tag use cases: authorization on the policy's ARN, then the aggregate's decider. */
class PolicyVersionsTest {
    static final String DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "\"s3:GetObject\",\"Resource\":\"*\"}]}";
    static final String DOC_2 = DOC.replace("GetObject", "PutObject");
    final AppFixture app = new AppFixture();

    @Test
    void the_root_creates_a_default_version_and_reads_it_back() {
        app.given(policyCreated("P", "/team/", DOC));
        String arn = policyArn("/team/", "P");
        var created = await(app.policyVersions.create(root(), arn, DOC_2, true, "r"));
        assertThat(created.version().versionId()).isEqualTo("v2");
        assertThat(created.isDefault()).isTrue();
        assertThat(app.appended()).singleElement().isInstanceOf(PolicyVersionCreated.class);
        assertThat(await(app.policyVersions.versions(root(), arn))).extracting(v -> v.version().versionId())
                .containsExactly("v2", "v1");
        assertThat(app.view.policy(ACCOUNT, "P").document()).isEqualTo(DOC_2);
    }

    @Test
    void a_user_needs_the_action_on_the_policys_arn_with_its_path() {
        app.given(policyCreated("P", "/team/", DOC), userCreated("dev", "/"),
                new UserPolicyPut(ACCOUNT, "dev", "p", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                        + "\"Allow\",\"Action\":\"iam:SetDefaultPolicyVersion\",\"Resource\":\"arn:aws:iam::"
                        + ACCOUNT + ":policy/team/*\"}]}"));
        assertThat(failure(app.policyVersions.create(app.user("dev"), policyArn("/team/", "P"), DOC_2, true, "r"))
                .code()).isEqualTo(AccessDenied);
        assertThat(app.appended()).isEmpty();
        app.given(new PolicyVersionCreated(ACCOUNT, "P", "v2", DOC_2, false, T0));
        await(app.policyVersions.setDefault(app.user("dev"), policyArn("/team/", "P"), "v2", "r"));
        assertThat(app.appended()).containsExactly(new PolicyDefaultVersionSet(ACCOUNT, "P", "v2"));
        // the same name under another path is another ARN: allowed by the policy above only under /team/
        assertThat(failure(app.policyVersions.setDefault(app.user("dev"), policyArn("/other/", "P"), "v1", "r"))
                .code()).isEqualTo(AccessDenied);
    }

    @Test
    void a_tag_guardrail_on_the_request_and_on_the_policys_own_tags() {
        app.given(policyCreated("P", "/", DOC), userCreated("dev", "/"),
                new UserPolicyPut(ACCOUNT, "dev", "p", "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Action\":[\"iam:TagPolicy\",\"iam:CreatePolicyVersion\"],"
                        + "\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Action\":\"iam:TagPolicy\",\"Resource\":\"*\",\"Condition\":"
                        + "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"owner\"]}}},"
                        + "{\"Effect\":\"Deny\",\"Action\":\"iam:CreatePolicyVersion\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/locked\":\"yes\"}}}]}"));
        String arn = policyArn("/", "P");
        assertThat(failure(app.policyVersions.tag(app.user("dev"), arn, List.of(new Tag("owner", "me")), "r"))
                .code()).isEqualTo(AccessDenied);
        await(app.policyVersions.tag(app.user("dev"), arn, List.of(new Tag("locked", "yes")), "r"));
        assertThat(app.appended()).containsExactly(new PolicyTagged(ACCOUNT, "P", List.of(new Tag("locked", "yes"))));
        assertThat(failure(app.policyVersions.create(app.user("dev"), arn, DOC_2, true, "r")).code())
                .isEqualTo(AccessDenied);
    }

    @Test
    void another_accounts_policy_is_refused_before_anything_is_read() {
        app.given(policyCreated("111122223333", "P", "/", DOC));
        String theirs = "arn:aws:iam::111122223333:policy/P";
        assertThat(failure(app.policyVersions.versions(root(), theirs)).code())
                .isEqualTo(failure(app.policies.get(root(), theirs)).code());
        assertThat(failure(app.policyVersions.create(root(), theirs, DOC_2, true, "r")).code())
                .isIn(AccessDenied, NoSuchEntity);
        assertThat(app.appended()).isEmpty();
    }
}

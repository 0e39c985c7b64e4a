package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.it.Sts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.iam.model.Tag;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D12: smaller input defects, each a 4xx with AWS's code: tag keys in the reserved "aws:" namespace, bodies that
 * are not forms, raw invalid UTF-8, unusable account names on the admin API, and unknown paths and methods on the
 * public port (AWS's error document, never an HTML page).
 */
class SmallDefectsIT extends SecurityItBase {
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    String taggable;
    String policyArn;

    @BeforeAll
    void setUp() {
        taggable = role(iam, "/", "taggable", trustActions(A_ROOT, "sts:AssumeRole", "sts:TagSession"), null);
        iam.createUser(r -> r.userName("tagged"));
        policyArn = iam.createPolicy(r -> r.policyName("tagged").policyDocument(ALLOW_ALL)).policy().arn();
    }

    static void assertNoTags(java.util.List<Tag> tags) {
        assertThat(tags).extracting(Tag::key).noneMatch(k -> k.toLowerCase().startsWith("aws:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:team", "AWS:team", "Aws:PrincipalTag", "aWs:"})
    void anAssumeRoleTagKeyInTheAwsNamespaceIsInvalidParameterValue(String key) {
        Sts.fails("InvalidParameterValue", 400, () -> sts(rootKey()).assumeRole(r -> r.roleArn(taggable)
                .roleSessionName("t1").tags(t -> t.key(key).value("v"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:team", "AWS:team", "Aws:x"})
    void anIamTagKeyInTheAwsNamespaceIsInvalidInputAndChangesNothing(String key) {
        Tag tag = Tag.builder().key(key).value("v").build();
        Sts.fails("InvalidInput", 400, () -> iam.tagRole(r -> r.roleName("taggable").tags(tag)));
        assertNoTags(iam.listRoleTags(r -> r.roleName("taggable")).tags());
        Sts.fails("InvalidInput", 400, () -> iam.tagUser(r -> r.userName("tagged").tags(tag)));
        assertNoTags(iam.listUserTags(r -> r.userName("tagged")).tags());
        String role = unique("tagrole");
        Sts.fails("InvalidInput", 400, () -> iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(
                trust(A_ROOT)).tags(tag)));
        Sts.fails("NoSuchEntity", 404, () -> iam.getRole(r -> r.roleName(role)));
        String user = unique("taguser");
        Sts.fails("InvalidInput", 400, () -> iam.createUser(r -> r.userName(user).tags(tag)));
        Sts.fails("NoSuchEntity", 404, () -> iam.getUser(r -> r.userName(user)));
        String policy = unique("tagpolicy");
        Sts.fails("InvalidInput", 400, () -> iam.createPolicy(r -> r.policyName(policy).policyDocument(ALLOW_ALL)
                .tags(tag)));
        Sts.fails("NoSuchEntity", 404, () -> iam.getPolicy(r -> r.policyArn("arn:aws:iam::" + A + ":policy/"
                + policy)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencodedjunk", "text/plain",
            "application/x-www-form-urlencodedjunk; charset=utf-8"})
    void aBodyThatIsNotAFormIsMalformedQueryString(String contentType) {
        String name = unique("notform");
        byte[] body = Sts.form(Sts.params("Action", "CreateRole", "Version", "2010-05-08", "RoleName", name,
                "AssumeRolePolicyDocument", trust(A_ROOT))).getBytes(StandardCharsets.UTF_8);
        signedRaw(rootKey().signing(), "us-east-1", "iam", contentType, body).is(400, "MalformedQueryString");
        Sts.fails("NoSuchEntity", 404, () -> iam.getRole(r -> r.roleName(name)));
    }

    /** Guard: media types are case-insensitive and take parameters; such a form is still a form. Passes today. */
    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded; Charset=UTF-8",
            "application/x-www-form-urlencoded;charset=utf-8"})
    void aFormContentTypeInAnotherCaseOrWithParametersIsStillAForm(String contentType) {
        String name = unique("isform");
        byte[] body = Sts.form(Sts.params("Action", "CreateRole", "Version", "2010-05-08", "RoleName", name,
                "AssumeRolePolicyDocument", trust(A_ROOT))).getBytes(StandardCharsets.UTF_8);
        Answer a = signedRaw(rootKey().signing(), "us-east-1", "iam", contentType, body);
        assertThat(a.status()).as(a.shown()).isEqualTo(200);
        assertThat(iam.getRole(r -> r.roleName(name)).role().roleName()).isEqualTo(name);
    }

    /** The form's bytes with a raw 0xFF (no UTF-8) at the end of the last value. */
    static byte[] withRawFF(String form) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(form.getBytes(StandardCharsets.UTF_8));
        body.writeBytes("&Description=caf".getBytes(StandardCharsets.UTF_8));
        body.write(0xFF);
        return body.toByteArray();
    }

    @Test
    void aRawInvalidUtf8ByteInAFormBodyIsMalformedQueryString() {
        // a managed policy's Description has no pattern: the byte would be stored as U+FFFD
        String policy = unique("rawff");
        signedRaw(rootKey().signing(), "us-east-1", "iam", FORM, withRawFF(Sts.form(Sts.params("Action",
                "CreatePolicy", "Version", "2010-05-08", "PolicyName", policy, "PolicyDocument", ALLOW_ALL))))
                .is(400, "MalformedQueryString");
        Sts.fails("NoSuchEntity", 404, () -> iam.getPolicy(r -> r.policyArn("arn:aws:iam::" + A + ":policy/"
                + policy)));
        String role = unique("rawff");
        signedRaw(rootKey().signing(), "us-east-1", "iam", FORM, withRawFF(Sts.form(Sts.params("Action",
                "CreateRole", "Version", "2010-05-08", "RoleName", role, "AssumeRolePolicyDocument", trust(A_ROOT)))))
                .is(400, "MalformedQueryString");
        Sts.fails("NoSuchEntity", 404, () -> iam.getRole(r -> r.roleName(role)));
    }

    @Test
    void anAccountNameOver64CharactersOrWithControlCharactersIsRefused() throws Exception {
        for (String name : new String[]{"n".repeat(65), "tab\there", "bell\u0007", "line\nbreak", "nul\u0000"}) {
            HttpResponse<String> r = admin("POST", cluster.adminToken(),
                    Sts.JSON.createObjectNode().put("name", name).toString());
            assertThat(r.statusCode()).as("name %s: %s", Sts.JSON.writeValueAsString(name), answer(r).shown())
                    .isEqualTo(400);
        }
        JsonNode accounts = Sts.JSON.readTree(admin("GET", cluster.adminToken(), null).body()).path("accounts");
        assertThat(accounts.findValuesAsText("name")).noneMatch(n -> n.length() > 64 || n.chars().anyMatch(
                Character::isISOControl));
        // 64 characters are fine
        HttpResponse<String> ok = admin("POST", cluster.adminToken(), "{\"name\":\"" + "m".repeat(64) + "\"}");
        assertThat(ok.statusCode()).as(answer(ok).shown()).isEqualTo(201);
    }

    @ParameterizedTest
    @CsvSource({"GET, /nope", "POST, /x/y"})
    void anUnknownPathIs404WithAwsErrorDocument(String method, String path) throws Exception {
        Answer xml = plain(method, path, null, method.equals("POST") ? "a=b".getBytes(StandardCharsets.UTF_8) : null);
        assertThat(xml.status()).as(xml.body()).isEqualTo(404);
        assertThat(xml.contentType()).startsWith("text/xml");
        assertThat(xml.body()).contains("<ErrorResponse").doesNotContainIgnoringCase("<html");
        assertThat(xml.code()).isEqualTo("NotFound");
        Answer json = plain(method, path, "application/json", null);
        assertThat(json.status()).as(json.body()).isEqualTo(404);
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(Sts.JSON.readTree(json.body()).path("Error").path("Code").asText()).isEqualTo("NotFound");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE"})
    void anotherMethodOnTheRootIs405WithAwsErrorDocument(String method) {
        Answer a = plain(method, "/", null, method.equals("DELETE") ? null : "x".getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).as(a.body()).isEqualTo(405);
        assertThat(a.contentType()).startsWith("text/xml");
        assertThat(a.body()).contains("<ErrorResponse").doesNotContainIgnoringCase("<html");
        assertThat(a.code()).isEqualTo("MethodNotAllowed");
    }
}

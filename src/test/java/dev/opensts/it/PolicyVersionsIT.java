package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningOptions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListPolicyVersionsResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Managed policy versions and tags through the unmodified SDK: the calls Terraform's aws_iam_policy makes to create,
 * update and destroy a policy, AWS's limits and conflicts, another account's ARN, and the default version as what
 * every evaluation reads (IAM authorization, an assumed role's session, the decision endpoint, the history API).
 */
class PolicyVersionsIT extends IamItBase {
    static final String DECISION_TOKEN = "decision-policy-versions-it";
    String otherAccount;
    IamClient other;

    @Override
    protected Map<String, String> clusterEnv() {
        return Map.of("OPENSTS_DECISION_TOKEN", DECISION_TOKEN);
    }

    @BeforeAll
    void createSecondAccount() {
        HttpResponse<String> r = admin("POST", cluster.adminToken(), "{\"name\":\"versions-b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r.body());
        otherAccount = body.get("accountId").asText();
        other = client(body.get("rootAccessKeyId").asText(), body.get("rootSecretAccessKey").asText());
    }

    static String doc(String action) {
        return allow(action, "*");
    }

    private Policy newPolicy(String path, String document) {
        String name = unique("pv");
        return iam.createPolicy(r -> r.policyName(name).path(path).policyDocument(document)).policy();
    }

    private List<PolicyVersion> versions(String arn) {
        return iam.listPolicyVersions(r -> r.policyArn(arn)).versions();
    }

    /** What Terraform's aws_iam_policy does on a change of its document. */
    private void terraformUpdate(String arn, String document) {
        List<PolicyVersion> versions = versions(arn);
        if (versions.size() >= 5) {
            // the provider's policyPruneVersions: the first non-default version, in the listed order, of the
            // earliest CreateDate (CreateDate has whole seconds, so quick updates tie: the newer one listed first goes)
            PolicyVersion oldest = null;
            for (PolicyVersion v : versions) {
                if (!v.isDefaultVersion() && (oldest == null || v.createDate().isBefore(oldest.createDate()))) {
                    oldest = v;
                }
            }
            String pruned = oldest.versionId();
            iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(pruned));
        }
        PolicyVersion created = iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(document)
                .setAsDefault(true)).policyVersion();
        assertThat(created.isDefaultVersion()).isTrue();
        assertThat(created.document()).as("CreatePolicyVersion answers no document, as AWS").isNull();
    }

    /** What Terraform's aws_iam_policy does on destroy. */
    private void terraformDestroy(String arn) {
        for (PolicyVersion v : versions(arn)) {
            if (!v.isDefaultVersion()) {
                iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v.versionId()));
            }
        }
        iam.deletePolicy(r -> r.policyArn(arn));
    }

    @Test
    void terraformsCreateUpdateAndDestroyOfAPolicy() {
        Policy p = iam.createPolicy(r -> r.policyName(unique("tf")).path("/tf/").policyDocument(doc("s3:Get1"))
                .tags(Tag.builder().key("Name").value("tf").build())).policy();
        String arn = p.arn();
        Policy read = iam.getPolicy(r -> r.policyArn(arn)).policy();
        assertThat(read.defaultVersionId()).isEqualTo("v1");
        assertThat(read.updateDate()).isEqualTo(read.createDate());
        assertThat(iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion().isDefaultVersion())
                .isTrue();

        for (int i = 2; i <= 8; i++) {
            terraformUpdate(arn, doc("s3:Get" + i));
            Policy now = iam.getPolicy(r -> r.policyArn(arn)).policy();
            String expected = "v" + i;
            assertThat(now.defaultVersionId()).isEqualTo(expected);
            PolicyVersion v = iam.getPolicyVersion(r -> r.policyArn(arn).versionId(expected)).policyVersion();
            assertThat(json(urlDecode(v.document()))).isEqualTo(json(doc("s3:Get" + i)));
            assertThat(now.updateDate()).isEqualTo(v.createDate());
            assertThat(versions(arn)).hasSizeLessThanOrEqualTo(5);
        }
        // three were pruned; ids are never given again; listed newest first
        List<PolicyVersion> listed = versions(arn);
        List<String> ids = listed.stream().map(PolicyVersion::versionId).toList();
        assertThat(ids).hasSize(5).doesNotHaveDuplicates().startsWith("v8");
        assertThat(ids.stream().map(v -> Integer.parseInt(v.substring(1))).toList())
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(listed).extracting(PolicyVersion::isDefaultVersion).containsExactly(true, false, false, false,
                false);
        assertThat(listed).allSatisfy(v -> assertThat(v.document()).isNull());
        for (int i = 1; i <= 8; i++) {
            String id = "v" + i;
            if (!ids.contains(id)) {
                fails(() -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId(id)), NoSuchEntityException.class,
                        "NoSuchEntity", 404);
            }
        }
        List<PolicyVersion> paged = allPages(m -> iam.listPolicyVersions(r -> r.policyArn(arn).maxItems(2).marker(m)),
                ListPolicyVersionsResponse::versions, ListPolicyVersionsResponse::marker,
                ListPolicyVersionsResponse::isTruncated, 2);
        assertThat(paged).extracting(PolicyVersion::versionId).containsExactlyElementsOf(ids);
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().tags()).extracting(Tag::key).containsExactly("Name");

        terraformDestroy(arn);
        fails(() -> iam.getPolicy(r -> r.policyArn(arn)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.listPolicyVersions(r -> r.policyArn(arn)), NoSuchEntityException.class, "NoSuchEntity", 404);
        // recreated under the same name: a new policy, at v1 again
        Policy again = iam.createPolicy(r -> r.policyName(p.policyName()).path("/tf/").policyDocument(doc("s3:X")))
                .policy();
        assertThat(again.defaultVersionId()).isEqualTo("v1");
        assertThat(again.policyId()).isNotEqualTo(p.policyId());
        assertThat(versions(arn)).extracting(PolicyVersion::versionId).containsExactly("v1");
    }

    @Test
    void limitsAndConflicts() {
        String arn = newPolicy("/", doc("s3:A")).arn();
        for (int i = 2; i <= 5; i++) {
            String d = doc("s3:A" + i);
            assertThat(iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(d)).policyVersion().versionId())
                    .isEqualTo("v" + i);
        }
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId()).isEqualTo("v1");
        IamException limit = fails(() -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(doc("s3:B"))
                .setAsDefault(true)), LimitExceededException.class, "LimitExceeded", 409);
        assertThat(message(limit)).contains("up to 5 versions");

        fails(() -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1")), DeleteConflictException.class,
                "DeleteConflict", 409);
        fails(() -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v9")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v9")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        validationError(() -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId("1")));
        validationError(() -> iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v0")));

        IamException withVersions = fails(() -> iam.deletePolicy(r -> r.policyArn(arn)),
                DeleteConflictException.class, "DeleteConflict", 409);
        assertThat(message(withVersions)).contains("more than one version");

        iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v3"));
        iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v3")); // already the default: success
        for (String v : List.of("v1", "v2", "v4", "v5")) {
            iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v));
        }
        fails(() -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v5")), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument("nope")),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocument", 400);
        assertThat(iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(doc("s3:C"))).policyVersion()
                .versionId()).as("never v1 again").isEqualTo("v6");
        iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v6"));

        String role = unique("attached");
        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST));
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn));
        fails(() -> iam.deletePolicy(r -> r.policyArn(arn)), DeleteConflictException.class, "DeleteConflict", 409);
        iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn));
        iam.deletePolicy(r -> r.policyArn(arn));
    }

    @Test
    void aWrongPathOrAnotherAccountsPolicy() {
        Policy p = newPolicy("/a/", doc("s3:A"));
        String arn = p.arn();
        String wrongPath = arn.replace(":policy/a/", ":policy/b/");
        fails(() -> iam.listPolicyVersions(r -> r.policyArn(wrongPath)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> iam.createPolicyVersion(r -> r.policyArn(wrongPath).policyDocument(doc("s3:B"))),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.tagPolicy(r -> r.policyArn(wrongPath).tags(Tag.builder().key("k").value("v").build())),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.listPolicyTags(r -> r.policyArn("arn:aws:iam::" + ACCOUNT + ":nonsense")),
                InvalidInputException.class, "InvalidInput", 400);

        // another account's root answers exactly as it does for GetPolicy of that ARN
        IamException get = catchIam(() -> other.getPolicy(r -> r.policyArn(arn)));
        List<Runnable> calls = List.of(
                () -> other.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")),
                () -> other.listPolicyVersions(r -> r.policyArn(arn)),
                () -> other.createPolicyVersion(r -> r.policyArn(arn).policyDocument(doc("s3:*")).setAsDefault(true)),
                () -> other.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v1")),
                () -> other.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1")),
                () -> other.tagPolicy(r -> r.policyArn(arn).tags(Tag.builder().key("k").value("v").build())),
                () -> other.untagPolicy(r -> r.policyArn(arn).tagKeys("k")),
                () -> other.listPolicyTags(r -> r.policyArn(arn)));
        for (Runnable call : calls) {
            IamException e = catchIam(call::run);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(get.awsErrorDetails().errorCode());
            assertThat(e.statusCode()).isEqualTo(get.statusCode());
        }
        assertThat(get.awsErrorDetails().errorCode()).isIn("AccessDenied", "NoSuchEntity");
        // nothing changed
        assertThat(versions(arn)).extracting(PolicyVersion::versionId).containsExactly("v1");
        assertThat(iam.listPolicyTags(r -> r.policyArn(arn)).tags()).isEmpty();
    }

    static IamException catchIam(Runnable call) {
        try {
            call.run();
        } catch (IamException e) {
            return e;
        }
        throw new AssertionError("expected an IAM error");
    }

    @Test
    void tagsOfAPolicy() {
        String arn = newPolicy("/", doc("s3:A")).arn();
        iam.tagPolicy(r -> r.policyArn(arn).tags(Tag.builder().key("env").value("prod").build(),
                Tag.builder().key("team").value("a").build()));
        iam.tagPolicy(r -> r.policyArn(arn).tags(Tag.builder().key("ENV").value("dev").build()));
        assertThat(iam.listPolicyTags(r -> r.policyArn(arn)).tags()).extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("team", "a"),
                        org.assertj.core.groups.Tuple.tuple("ENV", "dev"));
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().tags()).hasSize(2);
        iam.untagPolicy(r -> r.policyArn(arn).tagKeys("env", "absent"));
        assertThat(iam.listPolicyTags(r -> r.policyArn(arn)).tags()).extracting(Tag::key).containsExactly("team");

        fails(() -> iam.tagPolicy(r -> r.policyArn(arn).tags(Tag.builder().key("aws:x").value("1").build())),
                InvalidInputException.class, "InvalidInput", 400);
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(Tag.builder().key("k" + i).value("v").build());
        }
        fails(() -> iam.tagPolicy(r -> r.policyArn(arn).tags(many)), LimitExceededException.class, "LimitExceeded",
                409);
        iam.tagPolicy(r -> r.policyArn(arn).tags(many.subList(0, 49)));
        assertThat(allPages(m -> iam.listPolicyTags(r -> r.policyArn(arn).maxItems(20).marker(m)),
                software.amazon.awssdk.services.iam.model.ListPolicyTagsResponse::tags,
                software.amazon.awssdk.services.iam.model.ListPolicyTagsResponse::marker,
                software.amazon.awssdk.services.iam.model.ListPolicyTagsResponse::isTruncated, 20)).hasSize(50);
    }

    @Test
    void theDefaultVersionIsWhatAttachedPrincipalsMayDoAtOnce() throws Exception {
        Policy p = newPolicy("/", doc("iam:ListUsers"));
        String arn = p.arn();
        iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:ListRoles\","
                        + "\"s3:GetObject\"],\"Resource\":\"*\"}]}"));
        String role = unique("versioned");
        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST));
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn));
        var sts = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        Credentials creds = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/" + role)
                .roleSessionName("versions")).credentials();
        try (IamClient session = Sts.iam(replica, creds)) {
            session.listUsers();
            fails(session::listRoles, IamException.class, "AccessDenied", 403);
            assertThat(decide(creds)).isEqualTo("Deny");

            Instant beforeSwitch = HistoryIT.between();
            iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v2"));
            Instant afterSwitch = HistoryIT.between();
            session.listRoles();
            fails(session::listUsers, IamException.class, "AccessDenied", 403);
            assertThat(decide(creds)).isEqualTo("Allow");

            iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v1"));
            session.listUsers();
            fails(session::listRoles, IamException.class, "AccessDenied", 403);
            assertThat(decide(creds)).isEqualTo("Deny");

            // the history API shows the policy's versions and which was the default, as of each time
            var root = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    stateAt(root, arn, afterSwitch), r -> r.statusCode() == 200
                    && json(r.body()).at("/state/defaultVersionId").asText().equals("v2"));
            JsonNode then = json(stateAt(root, arn, afterSwitch).body()).path("state");
            assertThat(then.path("versions").findValuesAsText("versionId")).containsExactly("v1", "v2");
            assertThat(json(then.path("document").asText()).at("/Statement/0/Action/0").asText())
                    .isEqualTo("iam:ListRoles");
            JsonNode before = json(stateAt(root, arn, beforeSwitch).body()).path("state");
            assertThat(before.path("defaultVersionId").asText()).isEqualTo("v1");
        }
    }

    /** The decision endpoint's answer for a forwarded s3:GetObject signed with the session's credentials. */
    String decide(Credentials c) throws Exception {
        var id = software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(c.accessKeyId(),
                c.secretAccessKey(), c.sessionToken());
        ObjectNode in = DecisionEndpointIT.forward(DecisionEndpointIT.get(id, "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.endpoint().resolve("/opensts/v1/authorize"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + DECISION_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(in.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).path("decision").asText();
    }

    HttpResponse<String> stateAt(SigningCredentials creds, String arn, Instant at) throws Exception {
        String path = "/opensts/v1/entity-state";
        byte[] bytes = JSON.writeValueAsBytes(JSON.createObjectNode().put("entityArn", arn).put("at", at.toString()));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", "127.0.0.1:" + replica.port()));
        headers.add(Map.entry("content-type", "application/json"));
        HttpRequestView signed = HistoryIT.SIGNER.signWithHeaders(new HttpRequestView("POST", path, "", headers,
                bytes), creds, "us-east-1", "sts", Instant.now(), SigningOptions.defaults());
        HttpRequest.Builder b = HttpRequest.newBuilder(replica.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Map.Entry<String, String> h : signed.headers()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                b.header(h.getKey(), h.getValue());
            }
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

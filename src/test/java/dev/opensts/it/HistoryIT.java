package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The history API end to end: a role's life through the unmodified SDK (by the root and by an IAM user), then its
 * state between two changes and its history, read from the PostgreSQL read model through SigV4-signed JSON calls.
 */
class HistoryIT extends IamItBase {
    static final SigV4Signer SIGNER = new SigV4Signer(new SigningKeyCache(10));
    static final String READ = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "\"s3:GetObject\",\"Resource\":\"*\"}]}";

    static final String DECISION_TOKEN = "decision-history-it";

    @Override
    protected Map<String, String> clusterEnv() {
        return Map.of("OPENSTS_DECISION_TOKEN", DECISION_TOKEN);
    }

    /** The decision endpoint's answer for a forwarded s3:GetObject signed with these credentials, as of then. */
    JsonNode decideAsOf(software.amazon.awssdk.services.sts.model.Credentials c, String asOf) throws Exception {
        return decideAsOf(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(c.accessKeyId(),
                c.secretAccessKey(), c.sessionToken()), asOf);
    }

    @Test
    void a_decision_as_of_before_the_attach_denies_and_after_allows() throws Exception {
        String policyArn = iam.createPolicy(r -> r.policyName(unique("photos")).policyDocument(READ)).policy().arn();
        String roleName = unique("reader");
        iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(TRUST));
        Instant beforeAttach = between();
        iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
        Instant afterAttach = between();
        var sts = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        var creds = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/" + roleName)
                .roleSessionName("then")).credentials();

        assertThat(decideAsOf(creds, null).path("decision").asText()).isEqualTo("Allow");
        // the read model trails the log: wait until the attach is in the history
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                decideAsOf(creds, afterAttach.toString()).path("decision").asText().equals("Allow"));
        JsonNode before = decideAsOf(creds, beforeAttach.toString());
        assertThat(before.path("decision").asText()).as(before.toString()).isEqualTo("Deny");
        assertThat(before.path("reason").asText()).contains("as of " + beforeAttach);
        JsonNode after = decideAsOf(creds, afterAttach.toString());
        assertThat(after.path("decidingStatements").get(0).path("policyName").asText()).isEqualTo(policyArn);

        HttpResponse<String> future = HTTP.send(HttpRequest.newBuilder(replica.endpoint()
                        .resolve("/opensts/v1/authorize")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + DECISION_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(DecisionEndpointIT.forward(DecisionEndpointIT.get(
                        software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(creds.accessKeyId(),
                                creds.secretAccessKey(), creds.sessionToken()), "/photos/a.jpg"), new byte[0], false,
                        "s3:GetObject", "arn:aws:s3:::photos/a.jpg").put("asOf", Instant.now().plusSeconds(3600)
                        .toString()).toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(future.statusCode()).as(future.body()).isEqualTo(400);
    }

    /** The decision endpoint's answer for a forwarded s3:GetObject signed with any credentials, as of then. */
    JsonNode decideAsOf(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity id, String asOf) throws Exception {
        ObjectNode in = DecisionEndpointIT.forward(DecisionEndpointIT.get(id, "/photos/a.jpg"), new byte[0], false,
                "s3:GetObject", "arn:aws:s3:::photos/a.jpg");
        if (asOf != null) {
            in.put("asOf", asOf);
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.endpoint().resolve("/opensts/v1/authorize"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + DECISION_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(in.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void a_users_decision_as_of_then_has_the_policies_of_the_groups_it_was_in_then() throws Exception {
        String userName = unique("member");
        String groupName = unique("readers");
        String policyArn = iam.createPolicy(r -> r.policyName(unique("group-photos")).policyDocument(READ)).policy()
                .arn();
        iam.createUser(r -> r.userName(userName));
        var key = iam.createAccessKey(r -> r.userName(userName)).accessKey();
        var id = software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key.accessKeyId(),
                key.secretAccessKey());
        iam.createGroup(r -> r.groupName(groupName));
        iam.attachGroupPolicy(r -> r.groupName(groupName).policyArn(policyArn));
        Instant beforeJoin = between();
        iam.addUserToGroup(r -> r.groupName(groupName).userName(userName));
        Instant inGroup = between();
        iam.removeUserFromGroup(r -> r.groupName(groupName).userName(userName));
        // another group of the same name, created after the user left: never the user's
        Instant afterLeave = between();

        assertThat(decideAsOf(id, null).path("decision").asText()).isEqualTo("Deny");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                decideAsOf(id, inGroup.toString()).path("decision").asText().equals("Allow"));
        JsonNode then = decideAsOf(id, inGroup.toString());
        assertThat(then.path("decidingStatements").get(0).path("policyName").asText()).isEqualTo(policyArn);
        assertThat(decideAsOf(id, beforeJoin.toString()).path("decision").asText()).isEqualTo("Deny");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                decideAsOf(id, afterLeave.toString()).path("decision").asText().equals("Deny"));

        // a user deleted and re-created under the name was never in the group: its own past is empty
        iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(key.accessKeyId()));
        iam.deleteUser(r -> r.userName(userName));
        iam.createUser(r -> r.userName(userName));
        var key2 = iam.createAccessKey(r -> r.userName(userName)).accessKey();
        var id2 = software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key2.accessKeyId(),
                key2.secretAccessKey());
        JsonNode other = decideAsOf(id2, between().toString());
        assertThat(other.path("decision").asText()).isEqualTo("Deny");
        JsonNode otherThen = decideAsOf(id2, inGroup.toString());
        assertThat(otherThen.path("decision").asText()).as(otherThen.toString()).isEqualTo("Deny");
    }

    /** A consumer of one of the cluster's event topics, from its beginning. */
    org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer(String topic) {
        java.util.Properties p = cluster.infra().kafkaClientProperties();
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("group.id", "it-" + System.nanoTime());
        var c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        c.subscribe(List.of(cluster.topicPrefix() + topic));
        return c;
    }

    @Test
    void the_event_log_itself_names_who_changed_a_role_and_who_revoked_its_sessions() throws Exception {
        String userName = unique("changer");
        iam.createUser(r -> r.userName(userName));
        iam.putUserPolicy(r -> r.userName(userName).policyName("all").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:*\","
                        + "\"opensts:*\"],\"Resource\":\"*\"}]}"));
        AccessKey key = iam.createAccessKey(r -> r.userName(userName)).accessKey();
        String roleName = unique("logged");
        iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(TRUST));
        String requestId = client(key.accessKeyId(), key.secretAccessKey()).putRolePolicy(r -> r.roleName(roleName)
                .policyName("p").policyDocument(READ)).responseMetadata().requestId();
        HttpResponse<String> revoked = Sts.signedPost(replica, new SigningCredentials(key.accessKeyId(),
                key.secretAccessKey(), null), Sts.params("Action", "RevokeSessions", "Version", "2011-06-15",
                "RoleArn", "arn:aws:iam::" + ACCOUNT + ":role/" + roleName), Instant.now(), null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        String revokeRequestId = revoked.headers().firstValue("x-amzn-RequestId").orElseThrow();

        try (var events = consumer(".iam.events"); var revocations = consumer(".sts.revocations")) {
            JsonNode change = JSON.readTree(Sts.awaitRecord(events, new ArrayList<>(), requestId).value());
            assertThat(change.path("type").asText()).isEqualTo("dev.opensts.iam.RolePolicyPut");
            assertThat(change.path("actortype").asText()).isEqualTo("IAMUser");
            assertThat(change.path("actorarn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/" + userName);
            assertThat(change.path("actoraccesskeyid").asText()).isEqualTo(key.accessKeyId());
            assertThat(change.path("actoraccountid").asText()).isEqualTo(ACCOUNT);
            assertThat(change.toString()).doesNotContain(key.secretAccessKey());
            JsonNode revocation = JSON.readTree(Sts.awaitRecord(revocations, new ArrayList<>(), revokeRequestId)
                    .value());
            assertThat(revocation.path("actoraccesskeyid").asText()).isEqualTo(key.accessKeyId());
            assertThat(revocation.path("actortype").asText()).isEqualTo("IAMUser");
        }
    }

    @Test
    void the_history_api_is_in_the_openapi_document() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint()
                .resolve("/q/openapi?format=json")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.at("/paths/~1opensts~1v1~1entity-history/post/summary").asText())
                .contains("GetEntityHistory");
        assertThat(doc.at("/paths/~1opensts~1v1~1entity-state/post/summary").asText()).contains("GetEntityStateAt");
        assertThat(doc.at("/components/schemas/AuthorizeRequest/properties/asOf").isMissingNode()).isFalse();
    }

    @Test
    void every_history_request_is_on_the_audit_trail() throws Exception {
        var root = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
        String roleName = unique("audited");
        iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(TRUST));
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/" + roleName;
        // the history is read from PostgreSQL, which trails the log by the projector's lag
        HttpResponse<String> read = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> history(root, roleArn), r -> r.statusCode() == 200);
        HttpResponse<String> refused = history(new SigningCredentials(cluster.rootAccessKeyId(), "not-the-secret", null),
                roleArn);
        assertThat(refused.statusCode()).isEqualTo(403);
        try (var consumer = Sts.issuanceConsumer(cluster)) {
            var seen = new ArrayList<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>>();
            JsonNode ok = JSON.readTree(Sts.awaitRecord(consumer, seen,
                    read.headers().firstValue("x-amzn-RequestId").orElseThrow()).value()).path("data");
            assertThat(ok.path("eventName").asText()).isEqualTo("GetEntityHistory");
            assertThat(ok.path("eventSource").asText()).isEqualTo("opensts.amazonaws.com");
            assertThat(ok.path("readOnly").asBoolean()).isTrue();
            assertThat(ok.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
            assertThat(ok.path("requestParameters").path("entityArn").asText()).isEqualTo(roleArn);
            JsonNode no = JSON.readTree(Sts.awaitRecord(consumer, seen,
                    refused.headers().firstValue("x-amzn-RequestId").orElseThrow()).value()).path("data");
            assertThat(no.path("eventName").asText()).isEqualTo("GetEntityHistory");
            assertThat(no.path("errorCode").asText()).isEqualTo("SignatureDoesNotMatch");
            assertThat(no.path("userIdentity").path("type").asText()).isEqualTo("Unknown");
        }
    }

    /** One signed JSON POST to a history path, as a caller with these credentials (service sts, us-east-1). */
    HttpResponse<String> call(String path, SigningCredentials creds, ObjectNode body) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(body);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", "127.0.0.1:" + replica.port()));
        headers.add(Map.entry("content-type", "application/json"));
        HttpRequestView signed = SIGNER.signWithHeaders(new HttpRequestView("POST", path, "", headers, bytes), creds,
                "us-east-1", "sts", Instant.now(), SigningOptions.defaults());
        HttpRequest.Builder b = HttpRequest.newBuilder(replica.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Map.Entry<String, String> h : signed.headers()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                b.header(h.getKey(), h.getValue());
            }
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> history(SigningCredentials creds, String arn) throws Exception {
        return call("/opensts/v1/entity-history", creds, JSON.createObjectNode().put("entityArn", arn));
    }

    HttpResponse<String> stateAt(SigningCredentials creds, String arn, Instant at) throws Exception {
        return call("/opensts/v1/entity-state", creds, JSON.createObjectNode().put("entityArn", arn)
                .put("at", at.toString()));
    }

    /** The host clock, once it has moved on: the service reads the same clock, so this lies between two calls. */
    static Instant between() throws InterruptedException {
        Thread.sleep(20);
        Instant t = Instant.now();
        Thread.sleep(20);
        return t;
    }

    @Test
    void a_roles_state_between_changes_its_history_and_who_may_read_them() throws Exception {
        var root = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null);
        String rootKey = cluster.rootAccessKeyId();
        String userName = unique("ops");
        iam.createUser(r -> r.userName(userName));
        iam.putUserPolicy(r -> r.userName(userName).policyName("all").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:*\"],"
                        + "\"Resource\":\"*\"}]}"));
        AccessKey key = iam.createAccessKey(r -> r.userName(userName)).accessKey();
        IamClient ops = client(key.accessKeyId(), key.secretAccessKey());
        var opsCreds = new SigningCredentials(key.accessKeyId(), key.secretAccessKey(), null);
        String userArn = "arn:aws:iam::" + ACCOUNT + ":user/" + userName;

        String policyName = unique("read");
        String policyArn = iam.createPolicy(r -> r.policyName(policyName).policyDocument(READ)).policy().arn();
        String roleName = unique("app");
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/" + roleName;
        String trust2 = trust(userArn);

        var created = iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(TRUST));
        String firstId = created.role().roleId();
        Instant afterCreate = between();
        var trustChange = ops.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(trust2));
        Instant afterTrust = between();
        var attach = iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
        Instant afterAttach = between();
        ops.putRolePolicy(r -> r.roleName(roleName).policyName("inline").policyDocument(READ));
        iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
        iam.deleteRolePolicy(r -> r.roleName(roleName).policyName("inline"));
        iam.deleteRole(r -> r.roleName(roleName));
        Instant whileGone = between();
        String secondId = iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(TRUST)).role().roleId();
        assertThat(secondId).isNotEqualTo(firstId);

        // the read model trails the log by the projector's lag
        JsonNode page = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> r = history(root, roleArn);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, n -> n != null && n.path("changes").size() == 8);

        List<String> names = new ArrayList<>();
        page.path("changes").forEach(c -> names.add(c.path("eventName").asText()));
        assertThat(names).containsExactly("RoleCreated", "TrustPolicyUpdated", "RolePolicyAttached", "RolePolicyPut",
                "RolePolicyDetached", "RolePolicyDeleted", "RoleDeleted", "RoleCreated");
        JsonNode byRoot = page.path("changes").get(0);
        assertThat(byRoot.path("actor").path("type").asText()).isEqualTo("Root");
        assertThat(byRoot.path("actor").path("arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
        assertThat(byRoot.path("actor").path("accessKeyId").asText()).isEqualTo(rootKey);
        assertThat(byRoot.path("requestId").asText()).isEqualTo(created.responseMetadata().requestId());
        assertThat(byRoot.path("entityId").asText()).isEqualTo(firstId);
        JsonNode byUser = page.path("changes").get(1);
        assertThat(byUser.path("actor").path("type").asText()).isEqualTo("IAMUser");
        assertThat(byUser.path("actor").path("arn").asText()).isEqualTo(userArn);
        assertThat(byUser.path("actor").path("accessKeyId").asText()).isEqualTo(key.accessKeyId());
        assertThat(byUser.path("actor").path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(byUser.path("requestId").asText()).isEqualTo(trustChange.responseMetadata().requestId());
        assertThat(page.path("changes").get(2).path("requestId").asText())
                .isEqualTo(attach.responseMetadata().requestId());
        assertThat(page.path("changes").get(7).path("life").asInt()).isEqualTo(2);
        assertThat(page.path("changes").get(7).path("entityId").asText()).isEqualTo(secondId);
        assertThat(page.toString()).doesNotContain(key.secretAccessKey()).doesNotContain("encrypted");

        // between the trust change and the attach: the new trust policy, nothing attached yet
        HttpResponse<String> then = stateAt(root, roleArn, afterTrust);
        assertThat(then.statusCode()).as(then.body()).isEqualTo(200);
        JsonNode s = JSON.readTree(then.body());
        assertThat(JSON.readTree(s.path("state").path("trustPolicy").asText())).isEqualTo(JSON.readTree(trust2));
        assertThat(s.path("state").path("attachedPolicyArns").size()).isZero();
        assertThat(s.path("entityId").asText()).isEqualTo(firstId);
        assertThat(s.path("lastChange").path("actor").path("accessKeyId").asText()).isEqualTo(key.accessKeyId());

        JsonNode attached = JSON.readTree(stateAt(root, roleArn, afterAttach).body());
        assertThat(attached.path("state").path("attachedPolicyArns").get(0).asText()).isEqualTo(policyArn);
        assertThat(attached.path("managedPolicies").path(policyArn).path("document").asText()).isEqualTo(READ);

        JsonNode first = JSON.readTree(stateAt(root, roleArn, afterCreate).body());
        assertThat(JSON.readTree(first.path("state").path("trustPolicy").asText())).isEqualTo(JSON.readTree(TRUST));

        HttpResponse<String> gone = stateAt(root, roleArn, whileGone);
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).path("Error").path("Code").asText()).isEqualTo("NoSuchEntity");
        assertThat(gone.headers().firstValue("x-amzn-RequestId")).isPresent();

        // an IAM user needs a policy for the open-sts action
        HttpResponse<String> noPolicy = history(opsCreds, roleArn);
        assertThat(noPolicy.statusCode()).as(noPolicy.body()).isEqualTo(403);
        assertThat(JSON.readTree(noPolicy.body()).path("Error").path("Code").asText()).isEqualTo("AccessDenied");
        iam.putUserPolicy(r -> r.userName(userName).policyName("history").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "[\"opensts:GetEntityHistory\",\"opensts:GetEntityStateAt\"],\"Resource\":\"" + roleArn
                        + "\"}]}"));
        HttpResponse<String> allowed = history(opsCreds, roleArn);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);

        // another account's root never
        JsonNode other = Sts.createAccount(cluster, replica, "111122223333");
        var otherRoot = new SigningCredentials(other.path("rootAccessKeyId").asText(),
                other.path("rootSecretAccessKey").asText(), null);
        HttpResponse<String> stranger = history(otherRoot, roleArn);
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(403);
        assertThat(JSON.readTree(stranger.body()).path("Error").path("Code").asText()).isEqualTo("AccessDenied");
        HttpResponse<String> strangerState = stateAt(otherRoot, roleArn, afterTrust);
        assertThat(strangerState.statusCode()).isEqualTo(403);

        // unsigned: refused
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(replica.endpoint()
                        .resolve("/opensts/v1/entity-history")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"entityArn\":\"" + roleArn + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isIn(400, 403);
    }
}

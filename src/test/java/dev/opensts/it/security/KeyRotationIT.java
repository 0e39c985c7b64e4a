package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.it.Sts;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defect 9: rotating the key ring as documented (a new key in front, the old one removed later) locked out
 * every access key sealed under the old key, with a 500. Stored secrets are now sealed again under the current
 * key when a replica starts (and on demand through the admin API), so the old key can go; a secret whose key
 * is gone is a 403 InvalidClientTokenId for its holder, never a 5xx; accounts' root keys rotate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final OpenStsCluster cluster = OpenStsCluster.create("key-rotation");

    @AfterAll
    void stop() {
        cluster.close();
    }

    IamClient iam(OpenStsProcess replica, String keyId, String secret) {
        return Sts.iam(replica, AwsBasicCredentials.create(keyId, secret));
    }

    JsonNode admin(OpenStsProcess replica, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint().resolve(path))
                .header("Authorization", "Bearer " + cluster.adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    String metric(OpenStsProcess replica, String name) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint().resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).orElse("absent");
    }

    @Test
    void theOldKeyLeavesTheRingWithoutLockingAnyoneOutAndAMissingKeyIsA403() throws Exception {
        OpenStsProcess first = cluster.startReplica("k1");
        IamClient root = iam(first, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        root.createUser(r -> r.userName("alice"));
        var key = root.createAccessKey(r -> r.userName("alice")).accessKey();
        JsonNode account = Sts.createAccount(cluster, first, "222233334444");
        String otherRootId = account.path("rootAccessKeyId").asText();
        String otherRootSecret = account.path("rootSecretAccessKey").asText();
        assertThat(Sts.sts(first, key.accessKeyId(), key.secretAccessKey()).getCallerIdentity().arn())
                .endsWith(":user/alice");
        first.stop();

        // 1. a new key in front: a starting replica seals the stored secrets again under it
        cluster.rotateKeyring();
        OpenStsProcess second = cluster.startReplica("k2-and-k1");
        JsonNode report = admin(second, "/opensts/admin/keyring/reseal");
        assertThat(report.path("remaining").asInt()).as(report.toString()).isZero();
        assertThat(report.path("unreadable").asInt()).isZero();
        assertThat(metric(second, "opensts_keyring_secrets_to_reseal")).isEqualTo("0.0");
        second.stop();

        // 2. the old key removed: every stored secret still opens
        cluster.keepOnlyCurrentKey();
        OpenStsProcess third = cluster.startReplica("k2-only");
        assertThat(Sts.sts(third, key.accessKeyId(), key.secretAccessKey()).getCallerIdentity().arn())
                .endsWith(":user/alice");
        StsClient otherRoot = Sts.sts(third, otherRootId, otherRootSecret);
        assertThat(otherRoot.getCallerIdentity().account()).isEqualTo("222233334444");

        // 3. an account's root key rotates: the new one works, the old one stops at once, and so do the sessions
        // made with it
        var oldRootSession = otherRoot.getSessionToken(r -> r.durationSeconds(900)).credentials();
        assertThat(Sts.sts(third, oldRootSession).getCallerIdentity().account()).isEqualTo("222233334444");
        JsonNode rotated = admin(third, "/opensts/admin/accounts/222233334444/root-key");
        assertThat(rotated.path("sessionsRevocationId").asText()).isNotBlank();
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(third, oldRootSession).getCallerIdentity());
        assertThat(rotated.path("rootAccessKeyId").asText()).startsWith("AKIA").isNotEqualTo(otherRootId);
        assertThat(Sts.sts(third, rotated.path("rootAccessKeyId").asText(),
                rotated.path("rootSecretAccessKey").asText()).getCallerIdentity().account()).isEqualTo("222233334444");
        Sts.fails("InvalidClientTokenId", 403, otherRoot::getCallerIdentity);
        third.stop();

        // 4. a key ring that holds none of the keys the secrets were sealed under: 403 for their holders, not 5xx
        cluster.replaceKeyringWithAnUnrelatedKey();
        OpenStsProcess fourth = cluster.startReplica("unrelated-key");
        Sts.fails("InvalidClientTokenId", 403,
                () -> Sts.sts(fourth, key.accessKeyId(), key.secretAccessKey()).getCallerIdentity());
        JsonNode stuck = admin(fourth, "/opensts/admin/keyring/reseal");
        assertThat(stuck.path("unreadable").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(metric(fourth, "opensts_keyring_secrets_unreadable")).isNotEqualTo("0.0").isNotEqualTo("absent");
        // the default account's root key comes from the configuration: unaffected
        assertThat(iam(fourth, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()).getUser().user().arn())
                .endsWith(":root");
        assertThat(fourth.logFile()).content().doesNotContain(key.secretAccessKey())
                .contains("cannot be opened");
    }
}

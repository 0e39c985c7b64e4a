package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consistency checker on a running replica (docs/operations.md, "Consistency check"): clean after a history of
 * IAM changes and a revocation; after PostgreSQL's read model is damaged behind the service's back (a state
 * altered, a row deleted, another role's snapshot) it names exactly those aggregates and forms; the script exits 1 then
 * and 0 before. Runs through the admin API with the admin token, and through deploy/local/consistency-check.sh.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsistencyCheckIT {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static IamClient iam;

    @BeforeAll
    static void start() throws Exception {
        cluster = OpenStsCluster.create("consistency");
        replica = cluster.startReplica("consistency-a");
        iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        for (String name : List.of("app", "altered", "dropped", "garbled", "deleted")) {
            iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust(ROOT_ARN)));
        }
        iam.putRolePolicy(r -> r.roleName("app").policyName("p").policyDocument(Sts.allow("\"s3:GetObject\"", "*")));
        iam.deleteRole(r -> r.roleName("deleted"));
        iam.createUser(r -> r.userName("dev"));
        iam.createAccessKey(r -> r.userName("dev"));
        var revoked = RevocationIT.revoke(replica, new SigningCredentials(cluster.rootAccessKeyId(),
                cluster.rootSecretAccessKey(), null), "RoleArn", roleArn("app"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @Order(1)
    void aHealthyReplicaIsConsistent() throws Exception {
        assertThat(post(null).statusCode()).isEqualTo(401);
        JsonNode report = check();
        assertThat(report.path("consistent").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("aggregates").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(report.path("revocationEntries").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(report.path("undecodableRecords").asInt()).isZero();
        assertThat(script().exit()).isZero();
        assertThat(scrape()).containsPattern("opensts_consistency_differences(\\{[^}]*\\})? 0\\.0");
    }

    @Test
    @Order(2)
    void aDamagedReadModelIsNamedAggregateByAggregate() throws Exception {
        try (Connection db = cluster.infra().postgres().connect(cluster.database());
             var st = db.createStatement()) {
            assertThat(st.executeUpdate("UPDATE iam_aggregates SET state = jsonb_set(state, '{description}',"
                    + " '\"tampered\"') WHERE stream_id LIKE '%:role/altered'")).isEqualTo(1);
            assertThat(st.executeUpdate("DELETE FROM iam_aggregates WHERE stream_id LIKE '%:role/dropped'")).isEqualTo(1);
            // a snapshot that decodes, as another role: what a starting replica would load
            assertThat(st.executeUpdate("UPDATE iam_aggregates SET snapshot = (SELECT snapshot FROM iam_aggregates"
                    + " WHERE stream_id LIKE '%:role/app') WHERE stream_id LIKE '%:role/garbled'")).isEqualTo(1);
        }
        JsonNode report = check();
        assertThat(report.path("consistent").asBoolean()).isFalse();
        List<String> found = new ArrayList<>();
        for (JsonNode d : report.path("differences")) {
            String key = d.path("key").asText();
            found.add(d.path("where").asText() + " " + key.substring(key.lastIndexOf('/') + 1));
            if (key.endsWith("/altered")) {
                assertThat(d.path("fields")).extracting(JsonNode::asText).containsExactly("description");
            }
        }
        assertThat(found).containsExactlyInAnyOrder("postgres altered", "postgres dropped", "postgresSnapshot garbled");
        Result script = script();
        assertThat(script.exit()).as(script.output()).isEqualTo(1);
        assertThat(script.output()).contains("role/altered");
        assertThat(scrape()).containsPattern("opensts_consistency_differences(\\{[^}]*\\})? 3\\.0");
        // the last report, without running another
        HttpResponse<String> last = HTTP.send(HttpRequest.newBuilder(url()).header("Authorization",
                "Bearer " + cluster.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Sts.JSON.readTree(last.body()).path("differences").size()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void aReplicaStartedWithRebuildWritesTheReadModelAgainFromTheLog() throws Exception {
        replica.stop();
        Map<String, String> env = new java.util.HashMap<>(replica.env());
        env.put("OPENSTS_REBUILD_READ_MODEL", "true");
        replica = new OpenStsProcess("consistency-rebuild", env).start();
        assertThat(java.nio.file.Files.readString(replica.logFile()))
                .contains("OPENSTS_REBUILD_READ_MODEL: the read model was emptied");
        iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        assertThat(iam.getRole(r -> r.roleName("dropped")).role().arn()).isEqualTo(roleArn("dropped"));
        // the projectors have caught up once the rows are back; then nothing differs
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            try (Connection db = cluster.infra().postgres().connect(cluster.database());
                 var st = db.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM iam_aggregates WHERE stream_id LIKE '%:role/dropped'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        });
        JsonNode report = check();
        assertThat(report.path("consistent").asBoolean()).as(report.toString()).isTrue();
        try (Connection db = cluster.infra().postgres().connect(cluster.database());
             var st = db.createStatement();
             var rs = st.executeQuery("SELECT state->>'description' FROM iam_aggregates WHERE stream_id LIKE '%:role/altered'")) {
            rs.next();
            assertThat(rs.getString(1)).isNull();
        }
    }

    static URI url() {
        return replica.managementEndpoint().resolve("/opensts/admin/consistency-check");
    }

    static HttpResponse<String> post(String token) throws Exception {
        var b = HttpRequest.newBuilder(url()).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode check() throws Exception {
        HttpResponse<String> r = post(cluster.adminToken());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Sts.JSON.readTree(r.body());
    }

    static String scrape() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint().resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    record Result(int exit, String output) {
    }

    /** deploy/local/consistency-check.sh against this replica. */
    static Result script() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("deploy/local/consistency-check.sh").toString())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("OPENSTS_MANAGEMENT_URL", replica.managementEndpoint().toString());
        env.put("OPENSTS_ADMIN_TOKEN", cluster.adminToken());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}

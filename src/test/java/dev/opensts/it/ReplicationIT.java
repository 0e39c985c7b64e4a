package dev.opensts.it;

import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.ConcurrentModificationException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.Role;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event-sourced backbone across processes: a restart keeps everything (the view comes back from
 * PostgreSQL's snapshot plus Kafka), a write through one replica is seen by another, and two
 * replicas racing on one aggregate never both succeed.
 */
class ReplicationIT {
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    static OpenStsCluster cluster;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("replication");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static IamClient root(OpenStsProcess replica) {
        return Clients.iamNoRetry(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
    }

    @Test
    void aRestartedReplicaKeepsEverythingAndBootsFromPostgres() throws Exception {
        OpenStsProcess a = cluster.startReplica("restart-a");
        IamClient iam = root(a);
        Role role = iam.createRole(r -> r.roleName("kept").assumeRolePolicyDocument(TRUST).description("d")).role();
        iam.putRolePolicy(r -> r.roleName("kept").policyName("p").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));
        iam.createUser(r -> r.userName("keeper"));
        iam.putUserPolicy(r -> r.userName("keeper").policyName("self").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\","
                        + "\"Resource\":\"arn:aws:iam::000000000000:user/${aws:username}\"}]}"));
        AccessKey key = iam.createAccessKey(r -> r.userName("keeper")).accessKey();

        // the projector has written the role and its offsets to PostgreSQL
        await().atMost(Duration.ofSeconds(20)).until(() -> projectedVersion("arn:aws:iam::000000000000:role/kept") == 2);

        a.stop();
        OpenStsProcess b = cluster.startReplica("restart-b");
        IamClient again = root(b);
        Role read = again.getRole(r -> r.roleName("kept")).role();
        assertThat(read.roleId()).isEqualTo(role.roleId());
        assertThat(read.description()).isEqualTo("d");
        assertThat(again.listRolePolicies(r -> r.roleName("kept")).policyNames()).containsExactly("p");
        // the user's sealed secret survives too: the key still signs requests
        IamClient asUser = Clients.iamNoRetry(b, key.accessKeyId(), key.secretAccessKey());
        assertThat(asUser.getUser().user().userName()).isEqualTo("keeper");
        assertThat(Files.readString(b.logFile())).containsPattern("started: [1-9][0-9]* aggregates from PostgreSQL");
        b.stop();
    }

    @Test
    void rowsWithoutACompactFormOfTodaysLayoutAreReadFromJsonbAndGetOneWrittenBack() throws Exception {
        OpenStsProcess a = cluster.startReplica("upgrade-a");
        IamClient iam = root(a);
        iam.createRole(r -> r.roleName("upgraded").assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName("upgraded").policyName("p").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));
        iam.createRole(r -> r.roleName("relaid").assumeRolePolicyDocument(TRUST));
        iam.createUser(r -> r.userName("upgrader"));
        iam.putUserPolicy(r -> r.userName("upgrader").policyName("self").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\","
                        + "\"Resource\":\"arn:aws:iam::000000000000:user/${aws:username}\"}]}"));
        AccessKey key = iam.createAccessKey(r -> r.userName("upgrader")).accessKey();
        await().atMost(Duration.ofSeconds(20)).until(() -> projectedVersion("arn:aws:iam::000000000000:user/upgrader") == 3
                && projectedVersion("arn:aws:iam::000000000000:role/relaid") == 1);
        a.stop();
        // as a database written before the compact column existed, and one row under another layout of its record
        int stale = sql("UPDATE iam_aggregates SET snapshot = NULL WHERE stream_id <> 'arn:aws:iam::000000000000:role/relaid'");
        sql("UPDATE iam_aggregates SET snapshot = '\\x01deadbeef00'::bytea WHERE stream_id = 'arn:aws:iam::000000000000:role/relaid'");

        OpenStsProcess b = cluster.startReplica("upgrade-b");
        assertThat(Files.readString(b.logFile())).contains("from jsonb").doesNotContain(" 0 from jsonb");
        assertThat(root(b).listRolePolicies(r -> r.roleName("upgraded")).policyNames()).containsExactly("p");
        assertThat(Clients.iamNoRetry(b, key.accessKeyId(), key.secretAccessKey()).getUser().user().userName())
                .isEqualTo("upgrader");
        // written back once caught up, each at the version read
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM iam_aggregates WHERE"
                + " snapshot IS NULL AND state IS NOT NULL OR snapshot = '\\x01deadbeef00'::bytea") == 0);
        assertThat(stale).isPositive();
        b.stop();

        OpenStsProcess c = cluster.startReplica("upgrade-c");
        assertThat(Files.readString(c.logFile())).contains(" 0 from jsonb");
        assertThat(root(c).getRole(r -> r.roleName("relaid")).role().arn())
                .isEqualTo("arn:aws:iam::000000000000:role/relaid");
        var creds = Clients.sts(c, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey())
                .assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/upgraded").roleSessionName("s1"))
                .credentials();
        assertThat(creds.accessKeyId()).startsWith("ASIA");
        assertThat(Clients.iamNoRetry(c, key.accessKeyId(), key.secretAccessKey()).getUser().user().userName())
                .isEqualTo("upgrader");
        c.stop();
    }

    static int sql(String update) throws Exception {
        try (Connection c = cluster.infra().postgres().connect(cluster.database()); var st = c.createStatement()) {
            return st.executeUpdate(update);
        }
    }

    static long count(String query) throws Exception {
        try (Connection c = cluster.infra().postgres().connect(cluster.database()); var st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aWriteThroughOneReplicaIsVisibleThroughTheOther() {
        OpenStsProcess a = cluster.startReplica("pair-a");
        OpenStsProcess b = cluster.startReplica("pair-b");
        root(a).createRole(r -> r.roleName("seen-by-b").assumeRolePolicyDocument(TRUST));
        IamClient viaB = root(b);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(viaB.getRole(r -> r.roleName("seen-by-b")).role().arn())
                        .isEqualTo("arn:aws:iam::000000000000:role/seen-by-b"));
        a.stop();
        b.stop();
    }

    @Test
    void twoReplicasRacingOnOneAggregateNeverBothSucceed() throws Exception {
        OpenStsProcess a = cluster.startReplica("race-a");
        OpenStsProcess b = cluster.startReplica("race-b");
        IamClient viaA = root(a);
        IamClient viaB = root(b);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int concurrentModifications = 0;
        try {
            for (int round = 0; round < 20; round++) {
                String name = "race-" + round;
                var barrier = new CyclicBarrier(2);
                List<CompletableFuture<String>> outcomes = new ArrayList<>();
                for (IamClient client : List.of(viaA, viaB)) {
                    outcomes.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            barrier.await();
                            client.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
                            return "ok";
                        } catch (ConcurrentModificationException e) {
                            assertThat(e.statusCode()).isEqualTo(409);
                            return "ConcurrentModification";
                        } catch (EntityAlreadyExistsException e) {
                            return "EntityAlreadyExists";
                        } catch (Exception e) {
                            return "unexpected " + e;
                        }
                    }, pool));
                }
                List<String> results = outcomes.stream().map(CompletableFuture::join).toList();
                assertThat(results).as("round %d", round).containsOnlyOnce("ok");
                assertThat(results).as("round %d", round)
                        .allMatch(r -> r.equals("ok") || r.equals("ConcurrentModification")
                                || r.equals("EntityAlreadyExists"));
                concurrentModifications += (int) results.stream().filter("ConcurrentModification"::equals).count();
            }
        } finally {
            pool.shutdownNow();
        }
        // both replicas agree on the single winner of every round
        for (int round = 0; round < 20; round++) {
            String name = "race-" + round;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    viaB.getRole(r -> r.roleName(name)).role().roleId())
                    .isEqualTo(viaA.getRole(r -> r.roleName(name)).role().roleId()));
        }
        assertThat(concurrentModifications).as("races that reached the log together").isPositive();
        a.stop();
        b.stop();
    }

    @Test
    void aRevocationIsProjectedIntoPostgresOnceWithTheTimeItTookEffect() throws Exception {
        OpenStsProcess a = cluster.startReplica("revoke-a");
        root(a).createRole(r -> r.roleName("revoked").assumeRolePolicyDocument(TRUST));
        var root = new dev.opensts.sigv4.SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(),
                null);
        var answer = RevocationIT.revoke(a, root, "RoleArn", "arn:aws:iam::000000000000:role/revoked");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        var m = java.util.regex.Pattern.compile("<RevocationId>([^<]+)</RevocationId>").matcher(answer.body());
        assertThat(m.find()).as(answer.body()).isTrue();
        String id = m.group(1);
        var effective = java.util.regex.Pattern.compile("<EffectiveAt>([^<]+)</EffectiveAt>").matcher(answer.body());
        assertThat(effective.find()).as(answer.body()).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM revocations WHERE revocation_id = '"
                + id + "'") == 1);
        try (Connection c = cluster.infra().postgres().connect(cluster.database());
             var st = c.prepareStatement("SELECT version, kind, subject, account_id, effective_at, issued_before,"
                     + " expires_at FROM revocations WHERE revocation_id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong("version")).isEqualTo(1);
                assertThat(rs.getString("kind")).isEqualTo("roleArn");
                assertThat(rs.getString("subject")).isEqualTo("arn:aws:iam::000000000000:role/revoked");
                assertThat(rs.getString("account_id")).isEqualTo("000000000000");
                var at = rs.getTimestamp("effective_at").toInstant();
                // the answer's EffectiveAt is the record's time, in whole seconds
                assertThat(Duration.between(java.time.Instant.parse(effective.group(1)), at))
                        .isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofSeconds(1));
                assertThat(rs.getTimestamp("issued_before").toInstant()).isEqualTo(at);
                assertThat(rs.getTimestamp("expires_at").toInstant()).isEqualTo(at.plus(Duration.ofHours(36)));
            }
        }
        // the revocations topic's offsets are stored with the data, as the IAM events' are
        assertThat(count("SELECT count(*) FROM projector_offsets WHERE topic LIKE '%.sts.revocations'"))
                .isPositive();
        a.stop();
    }

    static long projectedVersion(String streamId) throws Exception {
        try (Connection c = cluster.infra().postgres().connect(cluster.database());
             var st = c.prepareStatement("SELECT version FROM iam_aggregates WHERE stream_id = ?")) {
            st.setString(1, streamId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}

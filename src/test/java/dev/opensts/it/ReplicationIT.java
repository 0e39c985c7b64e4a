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

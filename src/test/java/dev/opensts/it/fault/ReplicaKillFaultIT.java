package dev.opensts.it.fault;

import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 1 (issue 18): a replica killed with SIGKILL in the middle of IAM writes and issuances, then restarted.
 * Every write it acknowledged is on both replicas, none it did not acknowledge is half there, every credential it
 * issued has its audit record, and both replicas and PostgreSQL agree with the log (the consistency check).
 */
class ReplicaKillFaultIT {
    static OpenStsCluster cluster;
    static OpenStsProcess a;
    static OpenStsProcess b;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("kill").withEnv("OPENSTS_QUOTAS_ROLES_PER_ACCOUNT", "1000000");
        a = cluster.startReplica("kill-a");
        b = cluster.startReplica("kill-b");
        FaultCluster.iam(a, cluster).createRole(r -> r.roleName("target").assumeRolePolicyDocument(FaultCluster.TRUST));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }


    @Test
    void aReplicaKilledMidLoadLosesNothingItAcknowledged() throws Exception {
        FaultLoad load = new FaultLoad(a, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(),
                FaultCluster.roleArn("target"), "k").start(4);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.succeeded("CreateRole") >= 20
                && load.succeeded("AssumeRole") >= 20);
        a.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.outcomes().stream().anyMatch(o -> o.status() == 0));
        List<FaultLoad.Outcome> outcomes = load.stop();
        a.start();

        FaultCluster.failuresWereRetryable(outcomes);
        for (OpenStsProcess replica : List.of(a, b)) {
            // b applied everything before a died; a replayed it on restart
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    FaultCluster.everyAcknowledgedWriteIsThere(FaultCluster.iam(replica, cluster), outcomes));
        }
        Set<String> audited = FaultCluster.issuedKeysOnTheAuditTopic(cluster.infra().kafkaBootstrap(),
                cluster.topicPrefix() + ".sts.issuance");
        List<String> issued = outcomes.stream().filter(o -> o.ok() && o.action().equals("AssumeRole"))
                .map(FaultLoad.Outcome::detail).toList();
        assertThat(issued).isNotEmpty();
        assertThat(audited).containsAll(issued);
        FaultCluster.consistent(a, cluster.adminToken());
        FaultCluster.consistent(b, cluster.adminToken());
    }
}

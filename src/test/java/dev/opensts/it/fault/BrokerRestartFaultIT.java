package dev.opensts.it.fault;

import dev.opensts.testinfra.DedicatedKafka;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 2 (issue 18): the Kafka broker stopped under load, once with SIGTERM and once with SIGKILL, and started
 * again. While it is away IAM writes and issuances fail closed with a retryable 503 (never a hang, never another
 * error); once it is back they succeed again without open-sts being restarted; afterwards every acknowledged
 * write is there, every issued credential has its audit record, and the replica agrees with the log. The broker is
 * one of the test's own (the shared one serves every other test).
 */
class BrokerRestartFaultIT {
    static OpenStsCluster cluster;
    static DedicatedKafka kafka;
    static OpenStsProcess replica;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("broker-restart").withEnv("OPENSTS_QUOTAS_ROLES_PER_ACCOUNT", "1000000");
        kafka = DedicatedKafka.start();
        Map<String, String> env = cluster.env();
        env.put("OPENSTS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("OPENSTS_WRITE_TIMEOUT", "2s");
        env.put("OPENSTS_AUDIT_TIMEOUT", "2s");
        replica = new OpenStsProcess("broker-restart-a", env).start();
        FaultCluster.iam(replica, cluster).createRole(r -> r.roleName("target").assumeRolePolicyDocument(FaultCluster.TRUST));
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        cluster.close();
    }


    @Test
    void issuanceAndWritesFailClosedWhileTheBrokerIsAwayAndRecoverWithoutARestart() throws Exception {
        FaultLoad load = new FaultLoad(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(),
                FaultCluster.roleArn("target"), "b").start(3);
        for (boolean hard : new boolean[] {false, true}) {
            long writes = load.succeeded("CreateRole");
            long issued = load.succeeded("AssumeRole");
            await().atMost(Duration.ofSeconds(60)).until(() -> load.succeeded("CreateRole") >= writes + 10
                    && load.succeeded("AssumeRole") >= issued + 10);
            long refusedBefore = refused(load);
            kafka.halt(hard);
            // both kinds of call are refused while it is away
            await().atMost(Duration.ofSeconds(60)).until(() -> load.outcomes().stream().filter(o -> !o.ok())
                    .map(FaultLoad.Outcome::action).distinct().count() == 2 && refused(load) >= refusedBefore + 6);
            kafka.resume();
            long writesDown = load.succeeded("CreateRole");
            long issuedDown = load.succeeded("AssumeRole");
            await().atMost(Duration.ofSeconds(120)).until(() -> load.succeeded("CreateRole") >= writesDown + 10
                    && load.succeeded("AssumeRole") >= issuedDown + 10);
        }
        List<FaultLoad.Outcome> outcomes = load.stop();

        // every refusal was the retryable ServiceUnavailable: no hang (the socket timeout is 30 s), no other error
        assertThat(outcomes).filteredOn(o -> !o.ok()).isNotEmpty().allSatisfy(o -> {
            assertThat(o.status()).as(o.toString()).isEqualTo(503);
            assertThat(o.code()).as(o.toString()).isEqualTo("ServiceUnavailable");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                FaultCluster.everyAcknowledgedWriteIsThere(FaultCluster.iam(replica, cluster), outcomes));
        Set<String> audited = FaultCluster.issuedKeysOnTheAuditTopic(kafka.bootstrapServers(),
                cluster.topicPrefix() + ".sts.issuance");
        List<String> keys = outcomes.stream().filter(o -> o.ok() && o.action().equals("AssumeRole"))
                .map(FaultLoad.Outcome::detail).toList();
        assertThat(audited).containsAll(keys);
        FaultCluster.consistent(replica, cluster.adminToken());
    }

    private static long refused(FaultLoad load) {
        return load.outcomes().stream().filter(o -> !o.ok()).count();
    }
}

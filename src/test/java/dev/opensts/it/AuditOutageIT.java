package dev.opensts.it;

import dev.opensts.testinfra.DedicatedKafka;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Duration;
import java.util.Map;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.message;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * No credentials without an audit record: with its Kafka gone, a replica refuses issuance with
 * ServiceUnavailable after the audit timeout (2 s here) instead of hanging or issuing unaudited.
 * The replica runs on a broker of its own, so that stopping it disturbs no other test.
 */
class AuditOutageIT {
    static OpenStsCluster cluster;
    static DedicatedKafka kafka;
    static OpenStsProcess replica;
    static StsClient root;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("audit-outage").withEnv("OPENSTS_AUDIT_TIMEOUT", "2s");
        kafka = DedicatedKafka.start();
        Map<String, String> env = cluster.env();
        env.put("OPENSTS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        replica = new OpenStsProcess("audit-outage-a", env).start();
        root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        IamClient iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        iam.createRole(r -> r.roleName("app").assumeRolePolicyDocument(trust(ROOT_ARN)));
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
    void issuanceFailsClosedWithinTheAuditTimeoutWhenKafkaIsGone() {
        // with the broker up, issuance works
        assertThat(root.assumeRole(r -> r.roleArn(roleArn("app")).roleSessionName("before")).credentials()).isNotNull();
        assertThat(root.getSessionToken().credentials()).isNotNull();

        kafka.stop();

        for (int i = 0; i < 2; i++) {
            String session = "after-" + i;
            long t0 = System.nanoTime();
            AwsServiceException e = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> fails("ServiceUnavailable",
                    503, () -> root.assumeRole(r -> r.roleArn(roleArn("app")).roleSessionName(session))));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(message(e)).contains("audit");
            assertThat(ms).as("answered after the 2 s audit timeout, not before").isGreaterThanOrEqualTo(1_900);
            // the producer's delivery timeout is the audit timeout: nothing else bounds the wait
            assertThat(ms).as("answered at the 2 s audit timeout, not later").isLessThan(4_000);
        }
        AwsServiceException gst = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> fails("ServiceUnavailable", 503,
                root::getSessionToken));
        assertThat(gst.awsErrorDetails().errorMessage()).contains("no credentials were issued");

        // what issues nothing still answers at once
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(root.getCallerIdentity().arn()).isEqualTo(ROOT_ARN);
            fails("AccessDenied", 403, () -> root.assumeRole(r -> r.roleArn(roleArn("ghost")).roleSessionName("s1")));
        });
    }
}

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

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.message;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * No credentials without an audit record: with its Kafka gone, a replica refuses issuance with
 * ServiceUnavailable once the audit timeout (2 s here) has expired, instead of hanging or issuing unaudited.
 * The replica runs on a broker of its own, so that stopping it disturbs no other test.
 *
 * <p>Nothing here is timed by the test: the replica's log says why each request was refused (Kafka's producer
 * gave up on its audit record) and how long Kafka had waited by its own clock, which it reports only once
 * its timeout has passed. The generous preemptive timeouts only stop a hang.
 */
class AuditOutageIT {
    static final Duration HANG = Duration.ofSeconds(60);
    /**
     * Kafka's producer giving up on a record, with how long it waited by its own clock: at its delivery timeout
     * (the audit timeout), or, when it has lost the topic's metadata with the broker, at max.block.ms (2 s too).
     */
    static final Pattern GAVE_UP = Pattern.compile("TimeoutException: (?:Expiring \\d+ record\\(s\\) for \\S+:(\\d+)"
            + " ms has passed since batch creation|Topic \\S+ not present in metadata after (\\d+) ms)");
    static OpenStsCluster cluster;
    static DedicatedKafka kafka;
    static OpenStsProcess replica;
    static StsClient root;
    static IamClient iam;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("audit-outage").withEnv("OPENSTS_AUDIT_TIMEOUT", "2s");
        kafka = DedicatedKafka.start();
        Map<String, String> env = cluster.env();
        env.put("OPENSTS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        replica = new OpenStsProcess("audit-outage-a", env).start();
        root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
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
    void issuanceFailsClosedAtTheAuditTimeoutWhenKafkaIsGone() throws Exception {
        // with the broker up, issuance works
        assertThat(root.assumeRole(r -> r.roleArn(roleArn("app")).roleSessionName("before")).credentials()).isNotNull();
        assertThat(root.getSessionToken().credentials()).isNotNull();

        kafka.stop();

        for (int i = 0; i < 2; i++) {
            String session = "after-" + i;
            AwsServiceException e = assertTimeoutPreemptively(HANG, () -> fails("ServiceUnavailable",
                    503, () -> root.assumeRole(r -> r.roleArn(roleArn("app")).roleSessionName(session))));
            assertThat(message(e)).contains("audit");
            // refused because Kafka's producer gave up on the record after waiting 2 s by its own clock: not
            // before the audit timeout, and not for another reason
            String refusal = logLine("audit log unavailable, AssumeRole " + e.requestId() + " refused:");
            Matcher gaveUp = GAVE_UP.matcher(refusal);
            assertThat(gaveUp.find()).as(refusal).isTrue();
            String waited = gaveUp.group(1) != null ? gaveUp.group(1) : gaveUp.group(2);
            assertThat(Long.parseLong(waited)).as("ms Kafka waited: %s", refusal).isGreaterThanOrEqualTo(2_000);
        }
        AwsServiceException gst = assertTimeoutPreemptively(HANG, () -> fails("ServiceUnavailable", 503,
                root::getSessionToken));
        assertThat(gst.awsErrorDetails().errorMessage()).contains("no credentials were issued");
        assertThat(logLine("audit log unavailable, GetSessionToken " + gst.requestId() + " refused:"))
                .containsPattern(GAVE_UP);

        // an IAM write fails closed too (its event cannot be appended either, nor its record written)
        AwsServiceException write = assertTimeoutPreemptively(HANG, () -> fails("ServiceUnavailable", 503,
                () -> iam.createRole(r -> r.roleName("during-outage").assumeRolePolicyDocument(trust(ROOT_ARN)))));
        assertThat(write.requestId()).isNotBlank();

        // what issues or changes nothing does not wait for an acknowledgement that never comes: reads are
        // answered from the replica's view, a denial is answered; their records take the read path and, the
        // broker gone, are dropped and counted
        double droppedBefore = dropped();
        assertThat(assertTimeoutPreemptively(HANG, () -> root.getCallerIdentity().arn())).isEqualTo(ROOT_ARN);
        assertThat(assertTimeoutPreemptively(HANG, () -> iam.getRole(r -> r.roleName("app")).role().roleName()))
                .isEqualTo("app");
        assertTimeoutPreemptively(HANG, () -> fails("AccessDenied", 403,
                () -> root.assumeRole(r -> r.roleArn(roleArn("ghost")).roleSessionName("s1"))));
        await().atMost(HANG).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(dropped()).as("read-path records dropped").isGreaterThanOrEqualTo(droppedBefore + 3));
    }

    /** opensts_audit_dropped_total{reason="publish_failed"} on the replica's management interface. */
    private static double dropped() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        String metrics = client.send(java.net.http.HttpRequest.newBuilder(replica.managementEndpoint()
                        .resolve("/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^opensts_audit_dropped_total\\{[^}]*reason=\"publish_failed\"[^}]*} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The first line of the replica's log that contains {@code text}, once it is there. */
    private static String logLine(String text) {
        return await().atMost(HANG).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readAllLines(replica.logFile()).stream().filter(l -> l.contains(text)).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }
}

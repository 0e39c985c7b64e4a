package dev.opensts.adapter.kafka;

import dev.opensts.settings.OpenStsConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The topics, created at start when they do not exist yet, with the retention and timestamps each needs. */
public final class Topics {
    private static final Logger LOG = Logger.getLogger(Topics.class);
    /**
     * How long revocations are kept: the longest session (36 h) and a margin of 12 h. After that no session a
     * revocation could match is valid, so a starting replica need not read it.
     */
    public static final java.time.Duration REVOCATION_RETENTION =
            dev.opensts.view.Revocation.LONGEST_SESSION.plusHours(12);

    private Topics() {
    }

    /** Creates the topics that do not exist yet; the IAM event log keeps everything forever. */
    public static void create(OpenStsConfig config) throws InterruptedException {
        var t = config.topics();
        Properties p = KafkaConnection.properties(config);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = List.of(
                    new NewTopic(t.iamEvents(), t.partitions(), t.replicationFactor())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                                    TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minIsr(t)))),
                    new NewTopic(t.revocations(), t.partitions(), t.replicationFactor())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(REVOCATION_RETENTION.toMillis()),
                                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minIsr(t)))),
                    new NewTopic(t.issuance(), t.partitions(), t.replicationFactor())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(90L * 24 * 3600 * 1000),
                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minIsr(t)))),
                    // one partition, so the chain reads in order; compacted by window, so a digest published again
                    // (after a failed or interrupted publication) leaves one record per window, kept forever
                    new NewTopic(t.auditDigests(), 1, t.replicationFactor())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minIsr(t)))));
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    LOG.infof("created topic %s", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("Kafka did not answer creating topic " + entry.getKey(), e);
                }
            }
            revocationTopicConfigs(admin, t.revocations());
        }
    }

    /**
     * A revocations topic created by an older version kept everything forever and stamped records with the
     * writer's clock: bring it to the broker's append time and a retention that covers the longest session.
     * Best effort: a principal without the right to alter topic configurations gets a warning, and the
     * revocation feeder still starts from the records of the retention window only. A topic that already has
     * both (created by this code, or by Strimzi's Topic Operator from its KafkaTopic, which would undo a change made
     * behind its back) is left alone, so the service's Kafka user needs DescribeConfigs but not AlterConfigs.
     */
    private static void revocationTopicConfigs(Admin admin, String topic) throws InterruptedException {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            var current = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            var type = current.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            var retention = current.get(TopicConfig.RETENTION_MS_CONFIG);
            if (type != null && "LogAppendTime".equals(type.value()) && retention != null
                    && String.valueOf(REVOCATION_RETENTION.toMillis()).equals(retention.value())) {
                return;
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("could not read %s's configuration: %s", topic, e.getCause() != null ? e.getCause() : e);
            return;
        }
        var ops = List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"),
                        AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(REVOCATION_RETENTION.toMillis())), AlterConfigOp.OpType.SET));
        try {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("could not set %s's message.timestamp.type=LogAppendTime and retention.ms=%d: %s", topic,
                    REVOCATION_RETENTION.toMillis(), e.getCause() != null ? e.getCause() : e);
        }
    }

    private static int minIsr(OpenStsConfig.Topics t) {
        return t.replicationFactor() >= 3 ? 2 : 1;
    }
}

package dev.opensts.it;

import dev.opensts.adapter.kafka.Topics;
import dev.opensts.testinfra.OpenStsCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A revocations topic made by an older version (the writer's clock, kept forever) is brought to the broker's
 * append time and the 48 h retention when a replica starts; one that has both already is left as it is (the
 * KafkaSecurityIT replica, whose Kafka user may not alter configurations, relies on that).
 */
class TopicsIT {

    @Test
    void anOldRevocationsTopicGetsAppendTimeAndItsRetention() throws Exception {
        try (OpenStsCluster cluster = OpenStsCluster.create("topics"); Admin admin = cluster.infra().kafkaAdmin()) {
            String topic = cluster.topicPrefix() + ".sts.revocations";
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of(
                    "message.timestamp.type", "CreateTime", "retention.ms", "-1")))).all().get(30, TimeUnit.SECONDS);
            assertThat(configs(admin, topic).get("message.timestamp.type").value()).isEqualTo("CreateTime");

            cluster.startReplica("topics-a");

            Config after = configs(admin, topic);
            assertThat(after.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
            assertThat(after.get("retention.ms").value()).isEqualTo(String.valueOf(Topics.REVOCATION_RETENTION.toMillis()));
        }
    }

    private static Config configs(Admin admin, String topic) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }
}

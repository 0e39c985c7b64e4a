package dev.opensts.adapter.messaging;

import dev.opensts.app.trail.AuditIndexer;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;

/**
 * Resumes each partition the audit indexer is assigned at the next offset stored with the index (a partition the index
 * has never seen starts at the beginning). Called on the consumer's polling thread, so it may wait for PostgreSQL; if
 * PostgreSQL does not answer in time, the partitions start from the beginning, which costs a re-read but no
 * duplicate: the store skips what is below its stored offsets and what it holds already.
 */
@ApplicationScoped
@Identifier(AuditIndexRebalanceListener.NAME)
public class AuditIndexRebalanceListener implements KafkaConsumerRebalanceListener {
    public static final String NAME = "opensts-audit-index";
    private static final Logger LOG = Logger.getLogger(AuditIndexRebalanceListener.class);
    static final Duration WAIT = Duration.ofSeconds(10);

    private final AuditIndexer indexer;

    AuditIndexRebalanceListener(AuditIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> stored;
        try {
            stored = indexer.nextOffsets().await().atMost(WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("audit index: the stored offsets could not be read (%s); %s start from the beginning",
                    e.toString(), partitions);
            consumer.seekToBeginning(partitions);
            return;
        }
        var fresh = new ArrayList<TopicPartition>();
        for (TopicPartition tp : partitions) {
            Long next = stored.get(tp.partition());
            if (next == null) {
                fresh.add(tp);
            } else {
                consumer.seek(tp, next);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh);
        }
        LOG.infof("audit index: assigned %s, resuming at %s", partitions, stored);
    }
}

package dev.opensts.adapter.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.trail.AuditIndexer;
import dev.opensts.app.trail.Consumed;
import dev.opensts.app.trail.TrailEntry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * The audit indexer: consumes the audit topic in batches through the {@value #CHANNEL} channel (SmallRye's Kafka
 * connector; application.properties and the wiring configure it from OpenStsConfig) and stores each batch in the
 * index in one transaction with the next offset of each of its partitions. Kafka's committed offsets are not used
 * (commit-strategy=ignore): the index's own offsets are the truth, and {@link AuditIndexRebalanceListener} seeks to
 * them. A batch that cannot be stored (PostgreSQL down) is retried, with a growing pause, until it is: the channel's
 * stream never fails, and the consumer pauses its partitions meanwhile, so nothing is skipped. OPENSTS_AUDIT_INDEX_ENABLED
 * turns the channel off.
 */
@ApplicationScoped
public class AuditIndexConsumer {
    public static final String CHANNEL = "audit";
    private static final Logger LOG = Logger.getLogger(AuditIndexConsumer.class);

    private final AuditIndexer indexer;
    private final AuditRecordReader reader = new AuditRecordReader(new ObjectMapper());

    AuditIndexConsumer(AuditIndexer indexer) {
        this.indexer = indexer;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        var batch = new ArrayList<Consumed>(records.count());
        var nextOffsets = new HashMap<Integer, Long>();
        for (ConsumerRecord<String, String> r : records) {
            TrailEntry entry = reader.read(r.value());
            if (entry == null) {
                LOG.warnf("audit index: the record at %s-%d offset %d is not an audit record; skipped", r.topic(),
                        r.partition(), r.offset());
            }
            batch.add(new Consumed(r.partition(), r.offset(), entry));
            nextOffsets.merge(r.partition(), r.offset() + 1, Math::max);
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> indexer.index(batch, nextOffsets))
                .onFailure().invoke(e -> LOG.warnf("audit index: storing %d records failed, retrying: %s",
                        batch.size(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }
}

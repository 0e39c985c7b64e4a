package dev.opensts.adapter.kafka;

import dev.opensts.iam.EventEnvelope;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.view.LiveView;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Feeds the live view from every partition of the IAM event topic, on one thread of its own. No
 * consumer group: every replica reads everything, starting where its bootstrap snapshot ended.
 * The view is caught up once the position of every partition has reached the end offsets seen at
 * start.
 */
public final class ViewFeeder extends ConsumerLoop {
    private static final Logger LOG = Logger.getLogger(ViewFeeder.class);

    private final LiveView view;
    private final EventCodec codec;
    private volatile boolean caughtUp;

    /** @param fromOffsets the next offset to read per partition, from the snapshot; absent means from the start */
    public ViewFeeder(OpenStsConfig config, LiveView view, EventCodec codec, Map<Integer, Long> fromOffsets) {
        super(replicaConsumer(config, "opensts-view-"), "opensts-view-feeder", Duration.ofMillis(500));
        this.view = view;
        this.codec = codec;
        assignAll(config.topics().iamEvents(), fromOffsets);
    }

    public void start() {
        startLoop();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    protected void pollOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            EventEnvelope e;
            try {
                e = codec.decode(r.value());
            } catch (IllegalArgumentException bad) {
                // a record we cannot read is skipped by every replica alike; it never becomes state
                LOG.errorf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                        bad.getMessage());
                continue;
            }
            try {
                view.apply(e);
            } catch (RuntimeException bug) {
                // evolve is a pure function: every replica fails on this record alike and skips it
                LOG.errorf(bug, "cannot apply %s %s-%d@%d; skipped", e.type(), r.topic(), r.partition(),
                        r.offset());
            }
        }
        if (!caughtUp) {
            caughtUp = reachedStartEnd();
            if (caughtUp) {
                LOG.infof("live view caught up: %d aggregates", view.size());
            }
        }
    }

    @Override
    protected void onFailure(RuntimeException failure) {
        LOG.error("view feeder failed; retrying", failure);
    }
}

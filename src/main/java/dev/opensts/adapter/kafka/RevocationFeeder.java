package dev.opensts.adapter.kafka;

import dev.opensts.settings.OpenStsConfig;
import dev.opensts.view.Revocation;
import dev.opensts.view.Revocations;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Feeds the revocation index from every partition of the revocations topic, from the records of the
 * last 48 hours (the longest session and a margin), on one thread of its own; no consumer group, so every replica reads everything. Caught up once
 * every partition's position reaches the end offsets seen at start. Sweeps expired entries once a
 * minute. Fetches wait at most 10 ms, so a revocation reaches the index well within 100 ms.
 */
public final class RevocationFeeder extends ConsumerLoop {
    private static final Logger LOG = Logger.getLogger(RevocationFeeder.class);
    private static final long SWEEP_EVERY_MS = 60_000;

    private final Revocations index;
    private final RevocationCodec codec;
    private final Clock clock;
    private volatile boolean caughtUp;
    private long lastSweep = System.currentTimeMillis();

    public RevocationFeeder(OpenStsConfig config, Revocations index, RevocationCodec codec, Clock clock) {
        super(replicaConsumer(config, "opensts-revocations-"), "opensts-revocation-feeder", Duration.ofMillis(500));
        this.index = index;
        this.codec = codec;
        this.clock = clock;
        // only revocations that can still match a valid session: those of the retention window
        assignSince(config.topics().revocations(), clock.instant().minus(KafkaEventLog.REVOCATION_RETENTION));
    }

    public void start() {
        startLoop();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    protected void pollOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            Revocation rev;
            try {
                rev = codec.decode(r.value());
            } catch (IllegalArgumentException bad) {
                LOG.errorf("skipping unreadable revocation %s-%d@%d: %s", r.topic(), r.partition(),
                        r.offset(), bad.getMessage());
                continue;
            }
            // the record's time on the topic (the broker's append time) is when it took effect, on every replica alike
            index.apply(rev, java.time.Instant.ofEpochMilli(r.timestamp()), clock.instant());
        }
        if (!caughtUp) {
            caughtUp = reachedStartEnd();
            if (caughtUp) {
                LOG.infof("revocation index caught up: %d entries", index.size());
            }
        }
        long now = System.currentTimeMillis();
        if (now - lastSweep >= SWEEP_EVERY_MS) {
            lastSweep = now;
            int dropped = index.sweep(clock.instant());
            if (dropped > 0) {
                LOG.infof("revocation index: %d expired entries dropped, %d left", dropped, index.size());
            }
        }
    }

    @Override
    protected void onFailure(RuntimeException failure) {
        LOG.error("revocation feeder failed; retrying", failure);
    }
}

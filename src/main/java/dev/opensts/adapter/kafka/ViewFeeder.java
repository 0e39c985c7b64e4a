package dev.opensts.adapter.kafka;

import dev.opensts.iam.Event;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocation;
import dev.opensts.view.Revocations;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Feeds one of this replica's in-memory views from every partition of its topic, on one thread of its own: the
 * live view from the IAM events, the revocation index from the revocations. No consumer group: every replica
 * reads everything. Each record is decoded by the topic's codec and applied by the view under the version rule;
 * applying it also tells the event's writer, when it waits on this replica (read-your-writes). The view is caught
 * up once the position of every partition has reached the end offsets seen at start.
 */
public final class ViewFeeder<E extends Event> extends ConsumerLoop {
    private static final Logger LOG = Logger.getLogger(ViewFeeder.class);

    /** What the feeder feeds: applies one decoded event, with its record's time on the topic. */
    public interface Target<E extends Event> {
        void apply(EventEnvelope<E> envelope, Instant recordTime);

        /** After each poll, on the feeder's thread (the revocation index sweeps expired entries here). */
        default void afterPoll() {
        }

        /** How many entries the view holds, for the log line. */
        int size();
    }

    private final String name;
    private final EnvelopeCodec<E> codec;
    private final Target<E> target;
    private final Duration pollTimeout;
    private volatile boolean caughtUp;

    private ViewFeeder(OpenStsConfig config, String name, EnvelopeCodec<E> codec, Target<E> target,
                       Duration pollTimeout) {
        super(replicaConsumer(config, "opensts-" + name + "-"), "opensts-" + name + "-feeder",
                Duration.ofMillis(500));
        this.name = name;
        this.codec = codec;
        this.target = target;
        this.pollTimeout = pollTimeout;
    }

    /**
     * The live view's feeder.
     *
     * @param fromOffsets the next offset to read per partition, from the snapshot; absent means from the start
     */
    public static ViewFeeder<IamEvent> liveView(OpenStsConfig config, LiveView view, EventCodec codec,
                                                Map<Integer, Long> fromOffsets) {
        var feeder = new ViewFeeder<>(config, "view", codec, new Target<IamEvent>() {
            @Override
            public void apply(EventEnvelope<IamEvent> envelope, Instant recordTime) {
                view.apply(envelope);
            }

            @Override
            public int size() {
                return view.size();
            }
        }, Duration.ofMillis(200));
        feeder.assignAll(config.topics().iamEvents(), fromOffsets);
        return feeder;
    }

    /**
     * The revocation index's feeder: from the records of the topic's retention window (the longest session and a
     * margin), since older ones can match no valid session. A revocation takes effect at its record's time on the
     * topic (the broker's append time), on every replica alike; expired entries are swept once a minute.
     */
    public static ViewFeeder<Revocation> revocations(OpenStsConfig config, Revocations index, RevocationCodec codec,
                                                     Clock clock) {
        var feeder = new ViewFeeder<>(config, "revocations", codec, new Target<Revocation>() {
            @Override
            public void apply(EventEnvelope<Revocation> envelope, Instant recordTime) {
                index.apply(envelope, recordTime, clock.instant());
            }

            @Override
            public void afterPoll() {
                int dropped = index.sweepIfDue(clock.instant());
                if (dropped > 0) {
                    LOG.infof("revocation index: %d expired entries dropped, %d left", dropped, index.size());
                }
            }

            @Override
            public int size() {
                return index.size();
            }
        }, Duration.ofMillis(100));
        feeder.assignSince(config.topics().revocations(), clock.instant().minus(Topics.REVOCATION_RETENTION));
        return feeder;
    }

    public void start() {
        startLoop();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    protected void pollOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
            EventEnvelope<E> e = readable(r, codec);
            if (e == null) {
                continue;
            }
            try {
                target.apply(e, Instant.ofEpochMilli(r.timestamp()));
            } catch (RuntimeException bug) {
                // applying is a pure function: every replica fails on this record alike and skips it
                LOG.errorf(bug, "cannot apply %s %s-%d@%d; skipped", e.type(), r.topic(), r.partition(),
                        r.offset());
            }
        }
        if (!caughtUp) {
            caughtUp = reachedStartEnd();
            if (caughtUp) {
                LOG.infof("%s caught up: %d entries", name, target.size());
            }
        }
        target.afterPoll();
    }

    @Override
    protected void onFailure(RuntimeException failure) {
        LOG.errorf(failure, "%s feeder failed; retrying", name);
    }
}

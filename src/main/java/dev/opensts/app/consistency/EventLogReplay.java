package dev.opensts.app.consistency;

import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.view.Revocation;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Port: the event logs read afresh, from their beginning (the revocation topic: from its retention) to where they
 * end when the call starts, every decodable record handed over in partition order. Blocking.
 */
public interface EventLogReplay {

    /**
     * Each IAM event with its place on the topic.
     *
     * @return how many records were read (undecodable ones included, and skipped as the view skips them)
     */
    Replayed replayIam(Consumer<Positioned> sink);

    /** An event and where its record is on the topic. */
    record Positioned(EventEnvelope<IamEvent> envelope, int partition, long offset) {
    }

    /** Each revocation with the time of its record on the topic (when it took effect). */
    Replayed replayRevocations(Instant since, BiConsumer<EventEnvelope<Revocation>, Instant> sink);

    /** How much a replay read: records, and of them those no codec could read. */
    record Replayed(long records, long undecodable) {
    }
}

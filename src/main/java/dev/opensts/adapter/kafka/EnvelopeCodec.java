package dev.opensts.adapter.kafka;

import dev.opensts.iam.Event;
import dev.opensts.iam.EventEnvelope;

/** The events of one topic to and from the bytes of their records, in the CloudEvents envelope. */
public interface EnvelopeCodec<E extends Event> {
    /** The Kafka key: one key's records stay in order in one partition. */
    String key(EventEnvelope<E> envelope);

    byte[] encode(EventEnvelope<E> envelope);

    /**
     * @throws IllegalArgumentException for a record that is no complete open-sts event of a known type and
     *                                  version; the feeders and the projection skip exactly these, so nothing
     *                                  else may escape from here
     */
    EventEnvelope<E> decode(byte[] bytes);
}

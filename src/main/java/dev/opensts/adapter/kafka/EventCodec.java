package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.IamEventTypes;

import java.io.IOException;

/**
 * IAM events in the CloudEvents envelope ({@link CloudEventsEnvelope}), keyed and subject by their stream id;
 * {@code data} is the event record as JSON. docs/events.md lists every type.
 */
public final class EventCodec implements EnvelopeCodec<IamEvent> {
    public static final int SCHEMA_VERSION = 1;

    private final ObjectMapper json;

    public EventCodec() {
        this.json = mapper();
    }

    /** The mapper used for events and for snapshots in PostgreSQL: ISO-8601 times, unknown fields tolerated. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ObjectMapper json() {
        return json;
    }

    @Override
    public String key(EventEnvelope<IamEvent> e) {
        return e.streamId();
    }

    @Override
    public byte[] encode(EventEnvelope<IamEvent> e) {
        return CloudEventsEnvelope.write(json, e, e.streamId(), SCHEMA_VERSION, json.valueToTree(e.event()));
    }

    @Override
    public EventEnvelope<IamEvent> decode(byte[] bytes) {
        CloudEventsEnvelope.Read read = CloudEventsEnvelope.read(json, bytes);
        Class<? extends IamEvent> cls = IamEventTypes.of(read.type());
        if (cls == null) {
            throw new IllegalArgumentException("unknown event type " + read.type());
        }
        if (read.schemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schema version " + read.schemaVersion() + " of "
                    + read.type());
        }
        if (read.expectedVersion() == null) {
            throw new IllegalArgumentException("incomplete envelope of " + read.type() + ": needs expectedversion");
        }
        IamEvent event;
        try {
            event = json.treeToValue(read.data(), cls);
            // the view keys state by subject: it must be the stream the event itself belongs to
            if (!read.subject().equals(event.streamId())) {
                throw new IllegalArgumentException("subject " + read.subject() + " is not the stream of its event, "
                        + event.streamId());
            }
        } catch (IOException | NullPointerException ex) {
            // NullPointerException: data without the account or name its stream id is built from
            throw new IllegalArgumentException("not the data of a " + read.type(), ex);
        }
        return new EventEnvelope<>(read.id(), read.subject(), read.expectedVersion(), read.time(), read.source(),
                read.requestId(), read.actor(), event);
    }
}

package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * IAM events as CloudEvents 1.0 JSON (structured mode). open-sts's extension attributes:
 * {@code schemaversion} (of {@code data}), {@code expectedversion} (the aggregate version the event
 * follows) and {@code requestid} (the API request that caused it). docs/events.md lists every type.
 */
public final class EventCodec {
    public static final int SCHEMA_VERSION = 1;
    private static final String TYPE_PREFIX = "dev.opensts.iam.";

    private final ObjectMapper json;
    private final Map<String, Class<? extends IamEvent>> types = new HashMap<>();

    public EventCodec() {
        this.json = mapper();
        register(IamEvent.class);
    }

    /** The mapper used for events and for snapshots in PostgreSQL: ISO-8601 times, unknown fields tolerated. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @SuppressWarnings("unchecked")
    private void register(Class<?> type) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                register(sub);
            }
        } else if (type.isRecord()) {
            types.put(TYPE_PREFIX + type.getSimpleName(), (Class<? extends IamEvent>) type);
        }
    }

    public ObjectMapper json() {
        return json;
    }

    public byte[] encode(EventEnvelope e) {
        ObjectNode node = json.createObjectNode();
        node.put("specversion", "1.0");
        node.put("id", e.id());
        node.put("source", e.source());
        node.put("type", e.type());
        node.put("subject", e.streamId());
        node.put("time", e.time().toString());
        node.put("datacontenttype", "application/json");
        node.put("schemaversion", SCHEMA_VERSION);
        node.put("expectedversion", e.expectedVersion());
        if (e.requestId() != null) {
            node.put("requestid", e.requestId());
        }
        node.set("data", json.valueToTree(e.event()));
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @throws IllegalArgumentException for a record that is no complete open-sts event of a known type and
     *                                  version; the view feeder and the projector skip exactly these, so
     *                                  nothing else may escape from here
     */
    public EventEnvelope decode(byte[] bytes) {
        try {
            JsonNode node = json.readTree(bytes);
            String type = node.path("type").asText();
            Class<? extends IamEvent> cls = types.get(type);
            if (cls == null) {
                throw new IllegalArgumentException("unknown event type " + type);
            }
            int version = node.path("schemaversion").asInt(-1);
            if (version != SCHEMA_VERSION) {
                throw new IllegalArgumentException("unsupported schema version " + version + " of " + type);
            }
            JsonNode data = node.path("data");
            JsonNode expected = node.path("expectedversion");
            String id = node.path("id").asText("");
            if (!data.isObject() || !expected.canConvertToLong() || !expected.isIntegralNumber()
                    || expected.asLong() < 0 || id.isEmpty()) {
                throw new IllegalArgumentException("incomplete envelope of " + type
                        + ": needs id, data and expectedversion");
            }
            IamEvent event = json.treeToValue(data, cls);
            String subject = node.path("subject").asText();
            // the view keys state by subject: it must be the stream the event itself belongs to
            if (!subject.equals(event.streamId())) {
                throw new IllegalArgumentException("subject " + subject + " is not the stream of its event, "
                        + event.streamId());
            }
            return new EventEnvelope(id, subject, expected.asLong(), Instant.parse(node.path("time").asText()),
                    node.path("source").asText(), node.path("requestid").asText(null), event);
        } catch (IOException | DateTimeParseException | NullPointerException ex) {
            // NullPointerException: data without the account or name its stream id is built from
            throw new IllegalArgumentException("not a CloudEvents JSON document of an open-sts event", ex);
        }
    }
}

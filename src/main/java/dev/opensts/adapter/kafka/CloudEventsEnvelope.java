package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.iam.Actor;
import dev.opensts.iam.EventEnvelope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The CloudEvents 1.0 JSON envelope (structured mode) of every event topic, written and read in one place:
 * {@code specversion}, {@code id}, {@code source}, {@code type}, {@code subject}, {@code time},
 * {@code datacontenttype}, and open-sts's extensions {@code schemaversion} (of {@code data}), {@code expectedversion}
 * (the stream version the event follows), {@code requestid} (the API request that caused it, optional) and the actor
 * who made that request ({@code actortype}, {@code actorarn}, {@code actoraccesskeyid}, {@code actoraccountid};
 * absent from records written before actors were recorded, and each but the type absent when it has none).
 * CloudEvents extension attributes are flat strings, so the actor is four of them rather than one object.
 * docs/events.md is the contract.
 */
final class CloudEventsEnvelope {
    private CloudEventsEnvelope() {
    }

    /** The attributes as read, {@code data} still as JSON; {@code expectedVersion} null when the record has none. */
    record Read(String id, String source, String type, String subject, Instant time, int schemaVersion,
                Long expectedVersion, String requestId, Actor actor, JsonNode data) {
    }

    /** @param subject the CloudEvents subject: the stream id for IAM events, the revoked subject for revocations */
    static byte[] write(ObjectMapper json, EventEnvelope<?> e, String subject, int schemaVersion, JsonNode data) {
        ObjectNode node = json.createObjectNode();
        node.put("specversion", "1.0");
        node.put("id", e.id());
        node.put("source", e.source());
        node.put("type", e.type());
        node.put("subject", subject);
        node.put("time", e.time().toString());
        node.put("datacontenttype", "application/json");
        node.put("schemaversion", schemaVersion);
        node.put("expectedversion", e.expectedVersion());
        if (e.requestId() != null) {
            node.put("requestid", e.requestId());
        }
        Actor a = e.actor();
        if (a != null) {
            node.put("actortype", a.type());
            putIfPresent(node, "actorarn", a.arn());
            putIfPresent(node, "actoraccesskeyid", a.accessKeyId());
            putIfPresent(node, "actoraccountid", a.accountId());
        }
        node.set("data", data);
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @throws IllegalArgumentException for a record that is not a JSON object with a non-empty id, a time, an
     *                                  object as data and, when present, a non-negative integral expectedversion
     */
    static Read read(ObjectMapper json, byte[] bytes) {
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not a CloudEvents JSON document of an open-sts event", ex);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a CloudEvents JSON document of an open-sts event");
        }
        String type = node.path("type").asText();
        String id = node.path("id").asText("");
        JsonNode data = node.path("data");
        JsonNode expected = node.path("expectedversion");
        Long expectedVersion = null;
        if (!expected.isMissingNode()) {
            if (!expected.isIntegralNumber() || !expected.canConvertToLong() || expected.asLong() < 0) {
                throw new IllegalArgumentException("expectedversion of " + type + " is no version: " + expected);
            }
            expectedVersion = expected.asLong();
        }
        if (!data.isObject() || id.isEmpty()) {
            throw new IllegalArgumentException("incomplete envelope of " + type + ": needs id and data");
        }
        Instant time;
        try {
            time = Instant.parse(node.path("time").asText());
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("incomplete envelope of " + type + ": no time", ex);
        }
        return new Read(id, node.path("source").asText(), type, node.path("subject").asText(),
                time, node.path("schemaversion").asInt(-1), expectedVersion, node.path("requestid").asText(null),
                actor(node), data);
    }

    /** The actor's attributes; null when the record has none (written before actors were recorded). */
    private static Actor actor(JsonNode node) {
        JsonNode type = node.path("actortype");
        if (!type.isTextual() || type.asText().isEmpty()) {
            return null;
        }
        return new Actor(type.asText(), node.path("actorarn").asText(null), node.path("actoraccesskeyid").asText(null),
                node.path("actoraccountid").asText(null));
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}

package dev.opensts.adapter.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.app.trail.TrailEntry;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an audit record (a CloudEvents JSON value of the audit topic) of schema version 2, or of version 1 mapped as
 * the record contract says (v1 {@code data.requestId} to requestID, {@code data.accountId} to recipientAccountId, the
 * envelope's id to eventID, eventSource from the type, readOnly false, decision and decidingStatements into
 * additionalEventData, the role a request named as its resource), into what it means for the index. A value that is
 * not an audit record answers null.
 */
final class AuditRecordReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The account of a record that names none. */
    static final String NO_ACCOUNT = "";

    private final ObjectMapper json;

    AuditRecordReader(ObjectMapper json) {
        this.json = json;
    }

    /** The entry, or null when the value cannot be read as an audit record. */
    TrailEntry read(String value) {
        if (value == null) {
            return null;
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(value);
        } catch (IOException e) {
            return null;
        }
        if (envelope == null || !envelope.path("data").isObject()) {
            return null;
        }
        ObjectNode data = envelope.path("schemaversion").asInt(1) >= 2 ? (ObjectNode) envelope.get("data")
                : fromVersion1(envelope, (ObjectNode) envelope.get("data"));
        String eventId = text(data, "eventID");
        if (eventId == null) {
            eventId = text(envelope, "id");
        }
        String eventName = text(data, "eventName");
        Instant eventTime = instant(text(data, "eventTime") != null ? text(data, "eventTime") : text(envelope, "time"));
        String account = text(data, "recipientAccountId") != null ? text(data, "recipientAccountId")
                : text(envelope, "subject");
        if (eventId == null || eventName == null || eventTime == null) {
            return null;
        }
        JsonNode identity = data.path("userIdentity");
        if (account == null || "Unknown".equals(text(identity, "type"))) {
            // a request nobody could be tied to (refused before it was authenticated, or unsigned and refused before
            // any account was known): indexed, so that the index holds every record, under no account, so that no
            // account's lookup shows it. The topic keys a stranger's record by the default account's id
            // (AuditRecords.NO_ACCOUNT) for want of another; it is no more that account's than any other's.
            account = NO_ACCOUNT;
        }
        var resources = new ArrayList<TrailEntry.Resource>();
        for (JsonNode r : data.path("resources")) {
            if (text(r, "ARN") != null || text(r, "type") != null) {
                resources.add(new TrailEntry.Resource(text(r, "type"), text(r, "ARN")));
            }
        }
        String source = text(data, "eventSource") != null ? text(data, "eventSource")
                : eventSource(text(envelope, "type"));
        try {
            return new TrailEntry(eventId, eventTime, account, text(identity, "accountId"), eventName, source,
                    data.path("readOnly").asBoolean(false),
                    TrailEntry.username(text(identity, "userName"), text(identity, "arn")),
                    text(identity, "accessKeyId"), text(data, "awsRegion"), resources, json.writeValueAsString(data));
        } catch (IOException e) {
            return null;
        }
    }

    /** A version 1 record's data as the CloudTrail record of version 2. */
    ObjectNode fromVersion1(JsonNode envelope, ObjectNode v1) {
        ObjectNode d = NODES.objectNode();
        String name = text(v1, "eventName");
        d.put("eventVersion", "1.11");
        d.set("userIdentity", v1.path("userIdentity").deepCopy());
        d.put("eventTime", text(v1, "eventTime") != null ? text(v1, "eventTime") : text(envelope, "time"));
        d.put("eventSource", eventSource(text(envelope, "type")));
        d.put("eventName", name);
        d.putNull("awsRegion");
        d.put("sourceIPAddress", text(v1, "sourceIPAddress"));
        d.put("userAgent", text(v1, "userAgent"));
        d.set("requestParameters", v1.path("requestParameters").deepCopy());
        d.set("responseElements", v1.has("responseElements") ? v1.get("responseElements").deepCopy() : NODES.nullNode());
        if (text(v1, "errorCode") != null) {
            d.put("errorCode", text(v1, "errorCode"));
            d.put("errorMessage", text(v1, "errorMessage"));
        }
        d.put("requestID", text(v1, "requestId") != null ? text(v1, "requestId") : text(envelope, "requestid"));
        d.put("eventID", text(envelope, "id"));
        d.put("readOnly", false);
        ArrayNode resources = d.putArray("resources");
        String account = text(v1, "accountId") != null ? text(v1, "accountId") : text(envelope, "subject");
        String roleArn = text(v1.path("requestParameters"), "roleArn");
        if (roleArn != null) {
            resources.addObject().put("ARN", roleArn).put("accountId", account).put("type", "AWS::IAM::Role");
        }
        d.put("eventType", "RevokedSessionPresented".equals(name) ? "AwsServiceEvent" : "AwsApiCall");
        d.put("managementEvent", true);
        d.put("eventCategory", "Management");
        d.put("recipientAccountId", account);
        ObjectNode extra = d.putObject("additionalEventData");
        if (v1.has("decision")) {
            extra.set("decision", v1.get("decision").deepCopy());
        }
        if (v1.has("decidingStatements")) {
            extra.set("decidingStatements", v1.get("decidingStatements").deepCopy());
        }
        return d;
    }

    /** {@code dev.opensts.sts.AssumeRole} -> {@code sts.amazonaws.com}. */
    static String eventSource(String type) {
        if (type == null || !type.startsWith("dev.opensts.")) {
            return "opensts.amazonaws.com";
        }
        String rest = type.substring("dev.opensts.".length());
        int dot = rest.indexOf('.');
        return (dot > 0 ? rest.substring(0, dot) : rest) + ".amazonaws.com";
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

}

package dev.opensts.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.opensts.app.history.History;
import dev.opensts.iam.Actor;
import dev.opensts.iam.ManagedPolicyState;

import java.util.Iterator;
import java.util.Map;

/**
 * The history API's answers as JSON (docs/history.md): the states and events as their records are, camelCase, times
 * ISO-8601, with every sealed secret ({@code encrypted*} fields: access keys' and root keys' secrets) and password
 * hash ({@code passwordHash}, {@code previousHashes}) left out.
 */
final class HistoryJson {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private HistoryJson() {
    }

    static ObjectNode page(History.Page p) {
        ObjectNode out = JSON.createObjectNode();
        out.put("entityArn", p.entityArn());
        ArrayNode changes = out.putArray("changes");
        for (History.Change c : p.changes()) {
            ObjectNode n = changes.addObject();
            n.put("eventId", c.recorded().eventId());
            n.put("eventType", c.type());
            n.put("eventName", c.recorded().event().getClass().getSimpleName());
            n.put("eventTime", c.recorded().time().toString());
            n.put("requestId", c.recorded().requestId());
            n.set("actor", actor(c.recorded().actor()));
            n.put("life", c.life());
            n.put("entityId", c.entityId());
            n.set("data", withoutSecrets(JSON.valueToTree(c.recorded().event())));
        }
        out.put("isTruncated", p.truncated());
        if (p.marker() != null) {
            out.put("marker", p.marker());
        }
        return out;
    }

    static ObjectNode stateAt(History.StateAt s) {
        ObjectNode out = JSON.createObjectNode();
        out.put("entityArn", s.entityArn());
        out.put("at", s.at().toString());
        out.put("life", s.life());
        out.put("entityId", s.entityId());
        out.put("entityType", s.state().getClass().getSimpleName().replace("State", ""));
        out.set("state", withoutSecrets(JSON.valueToTree(s.state())));
        ObjectNode policies = out.putObject("managedPolicies");
        for (Map.Entry<String, ManagedPolicyState> p : s.managedPolicies().entrySet()) {
            policies.set(p.getKey(), p.getValue() == null ? JSON.nullNode() : JSON.valueToTree(p.getValue()));
        }
        ObjectNode last = out.putObject("lastChange");
        last.put("eventTime", s.lastChange().toString());
        last.set("actor", actor(s.lastActor()));
        return out;
    }

    static JsonNode actor(Actor a) {
        if (a == null) {
            return JSON.nullNode();
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("type", a.type());
        if (a.arn() != null) {
            n.put("arn", a.arn());
        }
        if (a.accessKeyId() != null) {
            n.put("accessKeyId", a.accessKeyId());
        }
        if (a.accountId() != null) {
            n.put("accountId", a.accountId());
        }
        return n;
    }

    /**
     * Removes every field named encrypted* at any depth: a sealed secret is still not for this API; nor are login
     * profiles' password hashes (passwordHash, previousHashes), which an offline guesser could use.
     */
    static JsonNode withoutSecrets(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().startsWith("encrypted") || f.getKey().equals("passwordHash")
                        || f.getKey().equals("previousHashes")) {
                    it.remove();
                } else {
                    withoutSecrets(f.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(HistoryJson::withoutSecrets);
        }
        return node;
    }
}

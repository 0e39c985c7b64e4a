package dev.opensts.adapter.http.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An AWS service model (botocore {@code service-2.json}) of a Query-protocol service, parsed
 * once at start: shapes resolved, patterns compiled. Thread-safe and immutable once loaded.
 */
public final class ServiceModel {
    private final String apiVersion;
    private final String xmlNamespace;
    private final String serviceId;
    private final Map<String, Operation> operations;

    private ServiceModel(String apiVersion, String xmlNamespace, String serviceId, Map<String, Operation> operations) {
        this.apiVersion = apiVersion;
        this.xmlNamespace = xmlNamespace;
        this.serviceId = serviceId;
        this.operations = operations;
    }

    /** Parses a botocore service-2.json. The stream is read fully but not closed. */
    public static ServiceModel load(InputStream serviceJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(serviceJson);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable service model", e);
        }
        JsonNode metadata = required(root, "metadata");
        String protocol = metadata.path("protocol").asText("");
        if (!protocol.equals("query")) {
            throw new IllegalArgumentException("not a Query-protocol model: " + protocol);
        }
        JsonNode shapesNode = required(root, "shapes");
        Map<String, Shape> shapes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = shapesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            shapes.put(e.getKey(), new Shape(e.getKey(), Shape.Type.of(required(e.getValue(), "type").asText())));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = shapesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            resolve(shapes.get(e.getKey()), e.getValue(), shapes);
        }
        for (Shape s : shapes.values()) {
            if (s.type == Shape.Type.LIST) {
                s.memberConstraintSummary = constraintSummary(s.member.shape);
            }
        }
        Map<String, Operation> ops = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(root, "operations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode op = e.getValue();
            Shape input = op.has("input") ? shape(shapes, op.get("input").path("shape").asText()) : null;
            Shape output = null;
            String wrapper = null;
            if (op.has("output")) {
                output = shape(shapes, op.get("output").path("shape").asText());
                wrapper = op.get("output").path("resultWrapper").asText(null);
            }
            String name = op.path("name").asText(e.getKey());
            ops.put(name, new Operation(name, input, output, wrapper, unsigned(op)));
        }
        return new ServiceModel(
                required(metadata, "apiVersion").asText(),
                required(metadata, "xmlNamespace").asText(),
                metadata.path("serviceId").asText(""),
                Map.copyOf(ops));
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** The namespace of response and error documents, e.g. https://iam.amazonaws.com/doc/2010-05-08/ */
    public String xmlNamespace() {
        return xmlNamespace;
    }

    /** The model's serviceId, e.g. "IAM", "STS". */
    public String serviceId() {
        return serviceId;
    }

    public Optional<Operation> operation(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(operations.get(name));
    }

    public Set<String> operationNames() {
        return operations.keySet();
    }

    /**
     * Whether the model says the operation takes no signature: {@code "authtype": "none"}, or
     * {@code smithy.api#noAuth} as its only auth scheme (STS's AssumeRoleWithWebIdentity and AssumeRoleWithSAML).
     */
    static boolean unsigned(JsonNode op) {
        if ("none".equals(op.path("authtype").asText(null))) {
            return true;
        }
        JsonNode auth = op.path("auth");
        return auth.isArray() && auth.size() == 1 && "smithy.api#noAuth".equals(auth.get(0).asText());
    }

    private static void resolve(Shape s, JsonNode node, Map<String, Shape> shapes) {
        if (node.has("min")) {
            s.min = node.get("min").asLong();
        }
        if (node.has("max")) {
            s.max = node.get("max").asLong();
        }
        if (node.has("pattern")) {
            s.patternText = node.get("pattern").asText();
            s.pattern = new Shape.ShapePattern(s.patternText);
        }
        if (node.has("enum")) {
            List<String> values = new ArrayList<>();
            node.get("enum").forEach(v -> values.add(v.asText()));
            s.enumValues = List.copyOf(values);
            s.enumSet = Set.copyOf(new LinkedHashSet<>(values));
        }
        s.sensitive = node.path("sensitive").asBoolean(false);
        s.flattened = node.path("flattened").asBoolean(false);
        switch (s.type) {
            case STRUCTURE -> {
                JsonNode members = node.path("members");
                Shape.Member[] ms = new Shape.Member[members.size()];
                int i = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); i++) {
                    Map.Entry<String, JsonNode> m = it.next();
                    ms[i] = ref(m.getKey(), m.getValue(), m.getKey(), i, shapes);
                }
                node.path("required").forEach(r -> {
                    for (Shape.Member m : ms) {
                        if (m.name.equals(r.asText())) {
                            m.required = true;
                        }
                    }
                });
                s.setMembers(ms);
            }
            case LIST -> s.member = ref("member", required(node, "member"), "member", 0, shapes);
            case MAP -> {
                s.key = ref("key", required(node, "key"), "key", 0, shapes);
                s.value = ref("value", required(node, "value"), "value", 1, shapes);
            }
            default -> { }
        }
    }

    private static Shape.Member ref(String name, JsonNode ref, String defaultWireName, int index, Map<String, Shape> shapes) {
        Shape.Member m = new Shape.Member(name, ref.path("locationName").asText(defaultWireName), index);
        m.shape = shape(shapes, ref.path("shape").asText());
        return m;
    }

    private static Shape shape(Map<String, Shape> shapes, String name) {
        Shape s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("model references unknown shape " + name);
        }
        return s;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("service model lacks " + field);
        }
        return v;
    }

    /** AWS's summary of a list member's constraints, e.g. "[Member must have length less than or equal to 128, ...]". */
    private static String constraintSummary(Shape s) {
        List<String> parts = new ArrayList<>();
        String noun = s.type == Shape.Type.INTEGER || s.type == Shape.Type.LONG ? "value" : "length";
        if (s.max != null) {
            parts.add("Member must have " + noun + " less than or equal to " + s.max);
        }
        if (s.min != null) {
            parts.add("Member must have " + noun + " greater than or equal to " + s.min);
        }
        if (s.patternText != null) {
            parts.add("Member must satisfy regular expression pattern: " + s.patternText);
        }
        if (s.enumValues != null) {
            parts.add("Member must satisfy enum value set: [" + String.join(", ", s.enumValues) + "]");
        }
        return "[" + String.join(", ", parts) + "]";
    }
}

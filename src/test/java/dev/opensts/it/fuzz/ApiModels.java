package dev.opensts.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static dev.opensts.it.fuzz.Values.chance;
import static dev.opensts.it.fuzz.Values.pick;

/**
 * AWS's models of IAM and STS (plus open-sts's extension) as the service loads them: operation names and
 * their input members, so that generated parameters have the names, nesting (Name.member.N.Key,
 * Name.entry.N.value, Name.Sub) and mostly the kinds the dispatcher and decoder expect.
 */
final class ApiModels {

    /** One service: its Version, the service name it is signed for, its operations in model order. */
    record Service(String version, String signingName, List<String> operations, JsonNode ops, JsonNode shapes) {
    }

    /** One decoded form parameter. */
    record Param(String key, String value) {
    }

    final Service iam;
    final Service sts;

    private ApiModels(Service iam, Service sts) {
        this.iam = iam;
        this.sts = sts;
    }

    static ApiModels load() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode iam = read(json, "/aws-models/iam/service-2.json");
        ObjectNode sts = read(json, "/aws-models/sts/service-2.json");
        ObjectNode ext = read(json, "/aws-models/opensts/sts-extensions.json");
        for (String section : new String[] {"operations", "shapes"}) {
            ((ObjectNode) sts.get(section)).setAll((ObjectNode) ext.get(section));
        }
        return new ApiModels(service(iam, "iam"), service(sts, "sts"));
    }

    private static Service service(ObjectNode model, String signingName) {
        List<String> ops = new ArrayList<>();
        model.get("operations").fieldNames().forEachRemaining(ops::add);
        return new Service(model.at("/metadata/apiVersion").asText(), signingName, List.copyOf(ops),
                model.get("operations"), model.get("shapes"));
    }

    private static ObjectNode read(ObjectMapper json, String resource) {
        try (InputStream in = ApiModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation's input members, mostly plausible values; required ones are nearly always there. */
    static List<Param> input(SplittableRandom r, Service s, String operation) {
        List<Param> out = new ArrayList<>();
        JsonNode op = s.ops().get(operation);
        if (op == null || !op.has("input")) {
            return out;
        }
        structure(r, s, s.shapes().get(op.at("/input/shape").asText()), "", out, 0);
        return out;
    }

    private static void structure(SplittableRandom r, Service s, JsonNode shape, String prefix, List<Param> out,
                                  int depth) {
        if (shape == null || depth > 6) {
            return;
        }
        Set<String> required = new HashSet<>();
        shape.path("required").forEach(n -> required.add(n.asText()));
        for (Map.Entry<String, JsonNode> m : iterable(shape.path("members"))) {
            boolean include = required.contains(m.getKey()) ? r.nextInt(20) != 0 : chance(r, 35);
            if (include) {
                String key = prefix.isEmpty() ? m.getKey() : prefix + "." + m.getKey();
                value(r, s, s.shapes().get(m.getValue().path("shape").asText()), m.getKey(), key, out, depth);
            }
        }
    }

    private static void value(SplittableRandom r, Service s, JsonNode shape, String member, String key,
                              List<Param> out, int depth) {
        if (shape == null) {
            return;
        }
        switch (shape.path("type").asText()) {
            case "structure" -> structure(r, s, shape, key, out, depth + 1);
            case "list" -> {
                int n = chance(r, 90) ? r.nextInt(0, 4) : pick(r, 11, 51, 1001);
                if (n == 0) {
                    out.add(new Param(key, "")); // an empty list
                    return;
                }
                JsonNode memberRef = shape.path("member");
                String location = memberRef.path("locationName").asText("member");
                JsonNode memberShape = s.shapes().get(memberRef.path("shape").asText());
                for (int i = 1; i <= n; i++) {
                    String k = shape.path("flattened").asBoolean() ? key + "." + i : key + "." + location + "." + i;
                    value(r, s, memberShape, member, k, out, depth + 1);
                }
            }
            case "map" -> {
                int n = r.nextInt(0, 4);
                for (int i = 1; i <= n; i++) {
                    value(r, s, s.shapes().get(shape.at("/key/shape").asText()), "Key", key + ".entry." + i + ".key",
                            out, depth + 1);
                    value(r, s, s.shapes().get(shape.at("/value/shape").asText()), "Value",
                            key + ".entry." + i + ".value", out, depth + 1);
                }
            }
            case "integer", "long" -> {
                long lo = shape.path("min").asLong(0);
                long hi = Math.max(lo + 1, shape.path("max").asLong(100_000) + 1);
                out.add(new Param(key, chance(r, 75) ? Long.toString(r.nextLong(lo, hi)) : Values.integer(r)));
            }
            case "boolean" -> out.add(new Param(key, chance(r, 90) ? pick(r, "true", "false")
                    : pick(r, "TRUE", "1", "yes", "", "truee")));
            case "timestamp" -> out.add(new Param(key, chance(r, 50) ? java.time.Instant.now().toString()
                    : Values.timestamp(r)));
            case "blob" -> out.add(new Param(key, chance(r, 70)
                    ? java.util.Base64.getEncoder().encodeToString(Values.name(r, 0, 64).getBytes())
                    : Values.oddText(r)));
            default -> out.add(new Param(key, string(r, shape, member)));
        }
    }

    /** A string member: its enum, or by its name (documents, ARNs, entity names, paths), else by its length. */
    static String string(SplittableRandom r, JsonNode shape, String member) {
        if (shape.has("enum") && chance(r, 85)) {
            JsonNode e = shape.get("enum");
            return e.get(r.nextInt(e.size())).asText();
        }
        int min = shape.path("min").asInt(1);
        int max = Math.min(shape.path("max").asInt(64), 128);
        String m = member.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("policydocument") || m.equals("policy") || m.equals("document")) {
            return Values.policy(r);
        }
        if (m.endsWith("arn") || m.endsWith("arns")) {
            return Values.arn(r);
        }
        return switch (m) {
            case "rolename" -> chance(r, 60) ? pick(r, "fuzz-role", "FUZZ-ROLE", "fuzz-target") : Values.name(r, 1, 64);
            case "username" -> chance(r, 60) ? pick(r, "fuzz-user", "Fuzz-User", "fuzz-target") : Values.name(r, 1, 64);
            case "policyname" -> chance(r, 60) ? pick(r, "fuzz-inline", "fuzz-policy") : Values.name(r, 1, 128);
            case "path", "pathprefix" -> pick(r, "/", "/", "/fuzz/", "/a/b/", "//", "/" + Values.name(r, 1, 600) + "/",
                    "no-slash", "/../", "/\u0000/", "/*/");
            case "rolesessionname" -> Values.name(r, 2, 64);
            case "accesskeyid" -> pick(r, "AKIA", "ASIA") + Values.name(r, 16, 24).toUpperCase(java.util.Locale.ROOT);
            case "key" -> chance(r, 15) ? pick(r, "aws:x", "AWS:x", "Aws:", "") : Values.name(r, 1, 128);
            case "marker" -> chance(r, 50) ? Values.name(r, 1, 40) : Values.oddText(r);
            case "description" -> chance(r, 70) ? Values.name(r, 0, 200) : Values.oddText(r);
            default -> Values.name(r, min, Math.max(min, max));
        };
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        object.fields().forEachRemaining(fields::add);
        return fields;
    }
}

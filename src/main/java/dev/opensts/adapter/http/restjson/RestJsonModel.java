package dev.opensts.adapter.http.restjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A botocore {@code service-2.json} of a rest-json service, parsed once at start: each operation's HTTP method and
 * URI template, and the input shape's members with where each travels ({@code uri}, {@code querystring}, the JSON
 * body). {@link #route} finds the operation of a request; {@link #decode} reads and checks its input. Input that
 * breaks the model is InvalidParameterException (EKS's answer for a bad parameter), a body that is not a JSON object
 * InvalidRequestException. Supported member types: string, integer, boolean, map of string to string. Immutable.
 */
public final class RestJsonModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An operation: its name, method, URI template (literal segments and {@code {label}}s) and input members. */
    public record Operation(String name, String method, List<String> template, Map<String, Member> members,
                            Set<String> required) {
    }

    /** A member of an input: where it travels, under which name, and its shape. */
    record Member(String name, String location, String locationName, Shape shape) {
    }

    /** A shape's type and constraints (min/max: length of a string, value of an integer, size of a map). */
    record Shape(String type, Long min, Long max, Shape key, Shape value) {
    }

    /** A request's operation and its URI labels, percent-decoded. */
    public record Route(Operation operation, Map<String, String> labels) {
    }

    private final List<Operation> operations;

    private RestJsonModel(List<Operation> operations) {
        this.operations = operations;
    }

    /** Parses a botocore service-2.json of the rest-json protocol. The stream is read fully but not closed. */
    public static RestJsonModel load(InputStream serviceJson) {
        JsonNode root;
        try {
            root = JSON.readTree(serviceJson);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable service model", e);
        }
        if (!root.path("metadata").path("protocol").asText().equals("rest-json")) {
            throw new IllegalArgumentException("not a rest-json model");
        }
        JsonNode shapes = root.path("shapes");
        var ops = new ArrayList<Operation>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("operations").fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode op = e.getValue();
            JsonNode input = shapes.path(op.path("input").path("shape").asText());
            var members = new LinkedHashMap<String, Member>();
            for (Iterator<Map.Entry<String, JsonNode>> m = input.path("members").fields(); m.hasNext(); ) {
                var member = m.next();
                JsonNode def = member.getValue();
                members.put(member.getKey(), new Member(member.getKey(), def.path("location").asText("body"),
                        def.path("locationName").asText(member.getKey()), shape(shapes, def.path("shape").asText())));
            }
            var required = new HashSet<String>();
            input.path("required").forEach(r -> required.add(r.asText()));
            String uri = op.path("http").path("requestUri").asText();
            ops.add(new Operation(op.path("name").asText(e.getKey()), op.path("http").path("method").asText(),
                    List.of(uri.substring(1).split("/")), Map.copyOf(members), Set.copyOf(required)));
        }
        return new RestJsonModel(List.copyOf(ops));
    }

    private static Shape shape(JsonNode shapes, String name) {
        JsonNode s = shapes.path(name);
        if (s.isMissingNode()) {
            throw new IllegalArgumentException("no shape " + name);
        }
        String type = s.path("type").asText();
        if (!Set.of("string", "integer", "boolean", "map").contains(type)) {
            throw new IllegalArgumentException("input member type not supported: " + type + " (" + name + ")");
        }
        Shape key = type.equals("map") ? shape(shapes, s.path("key").path("shape").asText()) : null;
        Shape value = type.equals("map") ? shape(shapes, s.path("value").path("shape").asText()) : null;
        if (key != null && (!key.type().equals("string") || !value.type().equals("string"))) {
            throw new IllegalArgumentException("only maps of strings to strings are supported: " + name);
        }
        return new Shape(type, s.has("min") ? s.get("min").asLong() : null, s.has("max") ? s.get("max").asLong() : null,
                key, value);
    }

    public List<Operation> operations() {
        return operations;
    }

    /**
     * The operation whose method and URI template match the request, with its labels; null when none does. A label
     * matches one non-empty path segment.
     *
     * @throws AwsException InvalidRequestException for a label that is not valid percent-encoded UTF-8
     */
    public Route route(String method, String rawPath) {
        String[] segments = segments(rawPath);
        for (Operation op : operations) {
            Map<String, String> labels = op.method().equals(method) ? match(op, segments) : null;
            if (labels != null) {
                labels.replaceAll((k, v) -> percentDecoded(v));
                return new Route(op, Map.copyOf(labels));
            }
        }
        return null;
    }

    /** Whether some operation's URI template matches the path, whatever its method (a 405 rather than a 404). */
    public boolean servesPath(String rawPath) {
        String[] segments = segments(rawPath);
        return operations.stream().anyMatch(op -> match(op, segments) != null);
    }

    private static String[] segments(String rawPath) {
        return rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : new String[0];
    }

    /** The raw labels when the segments match the operation's template, else null. */
    private static Map<String, String> match(Operation op, String[] segments) {
        if (op.template().size() != segments.length) {
            return null;
        }
        var labels = new HashMap<String, String>();
        for (int i = 0; i < segments.length; i++) {
            String t = op.template().get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                labels.put(t.substring(1, t.length() - 1), segments[i]);
            } else if (!t.equals(segments[i])) {
                return null;
            }
        }
        return labels;
    }

    /**
     * The route's input: its labels, the query string's members (first value of each) and the body's members (a
     * JSON object; an empty body is no member), checked against the model.
     */
    public RestInput decode(Route route, Map<String, List<String>> query, byte[] body) {
        JsonNode json = body(body);
        var values = new LinkedHashMap<String, Object>();
        for (Member m : route.operation().members().values()) {
            Object value = switch (m.location()) {
                case "uri" -> route.labels().get(m.locationName());
                case "querystring" -> {
                    List<String> v = query.get(m.locationName());
                    yield v == null || v.isEmpty() ? null : fromText(m, v.get(0));
                }
                case "body" -> {
                    JsonNode v = json.get(m.locationName());
                    yield v == null || v.isNull() ? null : fromJson(m, v);
                }
                default -> null; // headers: none of the served operations has input there
            };
            if (value != null) {
                check(m, value);
                values.put(m.name(), value);
            } else if (route.operation().required().contains(m.name())) {
                throw invalid("1 validation error detected: Value null at '" + m.name() + "' failed to satisfy "
                        + "constraint: Member must not be null");
            }
        }
        return new RestInput(values);
    }

    private static JsonNode body(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IOException e) {
            // refused below
        }
        throw new AwsException(ErrorCode.InvalidRequestException, "The request body is not a JSON object.");
    }

    private static Object fromText(Member m, String text) {
        return switch (m.shape().type()) {
            case "integer" -> {
                try {
                    yield Integer.valueOf(text);
                } catch (NumberFormatException e) {
                    throw invalid("1 validation error detected: Value '" + abbreviate(text) + "' at '" + m.name()
                            + "' failed to satisfy constraint: Member must be an integer");
                }
            }
            case "boolean" -> switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalid("Value at '" + m.name() + "' must be true or false");
            };
            case "string" -> text;
            default -> throw invalid("Value at '" + m.name() + "' cannot travel in the query string");
        };
    }

    private static Object fromJson(Member m, JsonNode v) {
        String type = m.shape().type();
        boolean ok = switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isInt();
            case "boolean" -> v.isBoolean();
            case "map" -> v.isObject();
            default -> false;
        };
        if (!ok) {
            throw invalid("1 validation error detected: Value at '" + m.name() + "' failed to satisfy constraint: "
                    + "Member must be of type " + type);
        }
        return switch (type) {
            case "string" -> v.textValue();
            case "integer" -> v.intValue();
            case "boolean" -> v.booleanValue();
            default -> {
                var map = new LinkedHashMap<String, String>();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw invalid("1 validation error detected: Value at '" + m.name() + "." + e.getKey()
                                + "' failed to satisfy constraint: Member must be of type string");
                    }
                    map.put(e.getKey(), e.getValue().textValue());
                }
                yield map;
            }
        };
    }

    private static void check(Member m, Object value) {
        Shape s = m.shape();
        switch (value) {
            case String str -> checkLength(m.name(), s, str);
            case Integer i -> {
                if ((s.min() != null && i < s.min()) || (s.max() != null && i > s.max())) {
                    throw invalid("1 validation error detected: Value '" + i + "' at '" + m.name() + "' failed to "
                            + "satisfy constraint: Member must have value " + range(s));
                }
            }
            case Map<?, ?> map -> {
                if ((s.min() != null && map.size() < s.min()) || (s.max() != null && map.size() > s.max())) {
                    throw invalid("1 validation error detected: Value at '" + m.name() + "' failed to satisfy "
                            + "constraint: Member must have " + range(s) + " entries");
                }
                map.forEach((k, v) -> {
                    checkLength(m.name() + ".key", s.key(), (String) k);
                    checkLength(m.name() + "." + k, s.value(), (String) v);
                });
            }
            default -> {
            }
        }
    }

    private static void checkLength(String name, Shape s, String value) {
        if ((s.min() != null && value.length() < s.min()) || (s.max() != null && value.length() > s.max())) {
            throw invalid("1 validation error detected: Value at '" + name + "' failed to satisfy constraint: Member "
                    + "must have length " + range(s));
        }
        if (value.indexOf('\u0000') >= 0) {
            // no AWS parameter carries U+0000, and PostgreSQL's jsonb refuses it downstream
            throw invalid("Value at '" + name + "' contains the character U+0000");
        }
    }

    private static String range(Shape s) {
        if (s.min() != null && s.max() != null) {
            return "between " + s.min() + " and " + s.max();
        }
        return s.min() != null ? "greater than or equal to " + s.min() : "less than or equal to " + s.max();
    }

    /** A URI label: '%XX' is a byte, the bytes UTF-8, '+' itself (RFC 3986). */
    private static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        var bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '%' || c > 0x7e) {
                throw badUri();
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badUri();
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static AwsException badUri() {
        return new AwsException(ErrorCode.InvalidRequestException,
                "The request's path is not valid percent-encoded UTF-8.");
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidParameterException, message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}

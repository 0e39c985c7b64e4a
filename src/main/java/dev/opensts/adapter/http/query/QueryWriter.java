package dev.opensts.adapter.http.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.opensts.error.ErrorCode;
import dev.opensts.text.IsoTime;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Map;

/**
 * Writes AWS Query-protocol responses from the operation's output shape: XML (what SDKs parse)
 * and the JSON form STS and IAM answer when a request says {@code Accept: application/json}.
 *
 * <p>{@code result} holds the output members by model name: String (or enum), Integer/Long,
 * Boolean, Instant (or OffsetDateTime, ZonedDateTime, Date; a String is written as given),
 * byte[] for blobs, a Collection for lists ({@code List<Map>} for lists of structures), a
 * {@code Map<String,Object>} for nested structures and for map shapes. Members are written in the
 * shape's model order; null or absent members are left out. A key the shape does not define, or a
 * value of the wrong kind, is a programming error ({@link IllegalArgumentException}).
 *
 * <p>Timestamps are written as AWS IAM and STS write them: whole seconds in UTC,
 * {@code 2013-06-12T23:52:02Z} in XML, and epoch seconds as a JSON number.
 */
public final class QueryWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private QueryWriter() {
    }

    /**
     * {@code <{Op}Response xmlns=ns><{Op}Result>...</{Op}Result><ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></{Op}Response>};
     * an operation without output shape writes only ResponseMetadata.
     */
    public static String xml(ServiceModel model, Operation op, Map<String, Object> result, String requestId) {
        StringBuilder sb = new StringBuilder(2048); // an AssumeRole answer is about 1,100 characters: no regrowth
        String response = op.responseElement();
        sb.append('<').append(response).append(" xmlns=\"");
        escape(sb, model.xmlNamespace());
        sb.append("\">");
        Shape output = op.output();
        if (output != null) {
            String wrapper = op.resultWrapper();
            sb.append('<').append(wrapper).append('>');
            xmlMembers(sb, output, result == null ? Map.of() : result);
            sb.append("</").append(wrapper).append('>');
        }
        sb.append("<ResponseMetadata><RequestId>");
        escape(sb, requestId);
        sb.append("</RequestId></ResponseMetadata></").append(response).append('>');
        return sb.toString();
    }

    /**
     * The JSON form: {@code {"{Op}Response":{"{Op}Result":{...},"ResponseMetadata":{"RequestId":"..."}}}};
     * lists as arrays, structures and maps as objects, timestamps as epoch seconds.
     */
    public static String json(ServiceModel model, Operation op, Map<String, Object> result, String requestId) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart(op.responseElement());
            Shape output = op.output();
            if (output != null) {
                g.writeObjectFieldStart(op.resultWrapper());
                jsonMembers(g, output, result == null ? Map.of() : result);
                g.writeEndObject();
            }
            g.writeObjectFieldStart("ResponseMetadata");
            g.writeStringField("RequestId", requestId);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** AWS's timestamp text: whole seconds, UTC, e.g. 2013-06-12T23:52:02Z. */
    public static String timestamp(Instant instant) {
        return IsoTime.seconds(instant);
    }

    // ---------------------------------------------------------------- XML

    private static void xmlMembers(StringBuilder sb, Shape shape, Map<?, ?> values) {
        int written = 0;
        for (Shape.Member m : shape.members) {
            Object v = values.get(m.name);
            if (v != null) {
                xmlValue(sb, m.shape, m.wireName, v, m.name);
                written++;
            }
        }
        checkUnwritten(shape, values, written);
    }

    private static void xmlValue(StringBuilder sb, Shape shape, String element, Object v, String what) {
        switch (shape.type) {
            case STRUCTURE -> {
                open(sb, element);
                xmlMembers(sb, shape, asMap(v, shape, what));
                close(sb, element);
            }
            case LIST -> {
                Collection<?> items = asCollection(v, shape, what);
                Shape.Member member = shape.member;
                if (shape.flattened) {
                    String itemName = member.wireName.equals("member") ? element : member.wireName;
                    for (Object item : items) {
                        if (item != null) {
                            xmlValue(sb, member.shape, itemName, item, what);
                        }
                    }
                } else {
                    open(sb, element);
                    for (Object item : items) {
                        if (item != null) {
                            xmlValue(sb, member.shape, member.wireName, item, what);
                        }
                    }
                    close(sb, element);
                }
            }
            case MAP -> {
                if (!shape.flattened) {
                    open(sb, element);
                }
                for (Map.Entry<?, ?> e : asMap(v, shape, what).entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    open(sb, shape.flattened ? element : "entry");
                    xmlValue(sb, shape.key.shape, shape.key.wireName, e.getKey(), what);
                    xmlValue(sb, shape.value.shape, shape.value.wireName, e.getValue(), what);
                    close(sb, shape.flattened ? element : "entry");
                }
                if (!shape.flattened) {
                    close(sb, element);
                }
            }
            default -> {
                open(sb, element);
                escape(sb, scalarText(shape, v, what));
                close(sb, element);
            }
        }
    }

    private static void open(StringBuilder sb, String element) {
        sb.append('<').append(element).append('>');
    }

    private static void close(StringBuilder sb, String element) {
        sb.append("</").append(element).append('>');
    }

    private static String scalarText(Shape shape, Object v, String what) {
        return switch (shape.type) {
            case STRING -> v instanceof CharSequence || v instanceof Enum<?> ? (v instanceof Enum<?> e ? e.name() : v.toString())
                    : wrong(v, shape, what);
            case INTEGER, LONG, DOUBLE, FLOAT -> v instanceof Number ? v.toString() : wrong(v, shape, what);
            case BOOLEAN -> v instanceof Boolean ? v.toString() : wrong(v, shape, what);
            case TIMESTAMP -> v instanceof String s ? s : timestamp(instant(v, shape, what));
            case BLOB -> v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : wrong(v, shape, what);
            default -> wrong(v, shape, what);
        };
    }

    /**
     * XML text escaping for element content and attribute values (also used by the error documents):
     * the five predefined entities, CR as a character reference (a parser would otherwise normalise
     * it away), and characters XML 1.0 cannot carry (other C0 controls, lone surrogates,
     * U+FFFE/U+FFFF) replaced with U+FFFD.
     */
    public static void escape(StringBuilder sb, String s) {
        if (s == null) {
            return;
        }
        int n = s.length();
        int clean = 0;
        while (clean < n && plain(s.charAt(clean))) {
            clean++;
        }
        // most values (ids, ARNs, tokens, dates) need no escaping: copy them whole
        if (clean == n) {
            sb.append(s);
            return;
        }
        sb.append(s, 0, clean);
        for (int i = clean; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\r' -> sb.append("&#13;");
                case '\t', '\n' -> sb.append(c);
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c < 0xD800 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
    }

    // ---------------------------------------------------------------- JSON

    private static void jsonMembers(JsonGenerator g, Shape shape, Map<?, ?> values) throws IOException {
        int written = 0;
        for (Shape.Member m : shape.members) {
            Object v = values.get(m.name);
            if (v != null) {
                g.writeFieldName(m.wireName);
                jsonValue(g, m.shape, v, m.name);
                written++;
            }
        }
        checkUnwritten(shape, values, written);
    }

    private static void jsonValue(JsonGenerator g, Shape shape, Object v, String what) throws IOException {
        switch (shape.type) {
            case STRUCTURE -> {
                g.writeStartObject();
                jsonMembers(g, shape, asMap(v, shape, what));
                g.writeEndObject();
            }
            case LIST -> {
                g.writeStartArray();
                for (Object item : asCollection(v, shape, what)) {
                    if (item != null) {
                        jsonValue(g, shape.member.shape, item, what);
                    }
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : asMap(v, shape, what).entrySet()) {
                    if (e.getValue() != null) {
                        g.writeFieldName(scalarText(shape.key.shape, e.getKey(), what));
                        jsonValue(g, shape.value.shape, e.getValue(), what);
                    }
                }
                g.writeEndObject();
            }
            case INTEGER, LONG -> {
                if (!(v instanceof Number n)) {
                    wrong(v, shape, what);
                    return;
                }
                g.writeNumber(n.longValue());
            }
            case DOUBLE, FLOAT -> {
                if (!(v instanceof Number n)) {
                    wrong(v, shape, what);
                    return;
                }
                g.writeNumber(n.doubleValue());
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean b)) {
                    wrong(v, shape, what);
                    return;
                }
                g.writeBoolean(b);
            }
            case TIMESTAMP -> {
                Instant t = v instanceof String s ? Instant.parse(s) : instant(v, shape, what);
                g.writeNumber(t.getEpochSecond());
            }
            default -> g.writeString(scalarText(shape, v, what));
        }
    }

    // ---------------------------------------------------------------- values

    /**
     * Called after the members were written: when every key was written, none can be unknown; when
     * one was left (a null value, or a key the shape lacks) the keys are checked one by one.
     */
    private static void checkUnwritten(Shape shape, Map<?, ?> values, int written) {
        if (written != values.size()) {
            checkKeys(shape, values);
        }
    }

    private static void checkKeys(Shape shape, Map<?, ?> values) {
        if (values.size() > shape.members.length) {
            throw new IllegalArgumentException(shape.name + " has only " + shape.members.length + " members, got " + values.keySet());
        }
        for (Object k : values.keySet()) {
            if (!(k instanceof String s) || !shape.membersByName.containsKey(s)) {
                throw new IllegalArgumentException(shape.name + " has no member " + k);
            }
        }
    }

    private static Instant instant(Object v, Shape shape, String what) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof Date d) {
            return d.toInstant();
        }
        wrong(v, shape, what);
        return null;
    }

    private static Map<?, ?> asMap(Object v, Shape shape, String what) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        wrong(v, shape, what);
        return null;
    }

    private static Collection<?> asCollection(Object v, Shape shape, String what) {
        if (v instanceof Collection<?> c) {
            return c;
        }
        wrong(v, shape, what);
        return null;
    }

    private static String wrong(Object v, Shape shape, String what) {
        throw new IllegalArgumentException(what + " is " + shape + ", cannot write a " + v.getClass().getName());
    }
}

package dev.opensts.adapter.http.query;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes the form/query parameters of an AWS Query request into a {@link QueryInput}, driven by
 * the operation's input shape, and validates it against the model's constraints the way IAM and
 * STS do.
 *
 * <p>Wire format (what botocore and the AWS SDKs send): scalars {@code Name=value}; lists
 * {@code Name.member.N} (1-based) and {@code Name.member.N.Sub} for lists of structures (a
 * member's {@code locationName} replaces "member"; a flattened list is {@code Name.N}); maps
 * {@code Name.entry.N.key} / {@code .value}; nested structures {@code Name.Sub}; an empty list
 * {@code Name=}. Parameters that the shape does not define (Action, Version, X-Amz-*, anything
 * unknown) are ignored, as AWS ignores them. When a parameter repeats, its first value counts.
 *
 * <p>Violations are collected in model member order and reported together as one
 * {@link ErrorCode#ValidationError}: {@code "N validation error(s) detected: v1; v2"}, each
 * {@code "Value 'v' at 'path' failed to satisfy constraint: Member must ..."} where path is the
 * member name lower-camel-cased ({@code roleName}, {@code tags.1.member.key}). A missing required
 * member is {@code "Value null at 'roleName' ... Member must not be null"}; a sensitive member's
 * value is never echoed ({@code "Value at 'webIdentityToken' ..."}).
 */
public final class QueryDecoder {
    /** Most members accepted in one list or map; indices above it count as too many. */
    public static final int MAX_LIST_MEMBERS = 1000;

    private static final String ENTRY = "entry";

    private QueryDecoder() {
    }

    /**
     * @param params the decoded form/query parameters; Action, Version and X-Amz-* may be
     *               included or not, they are ignored
     * @throws AwsException ValidationError listing every violated constraint
     */
    public static QueryInput decode(Operation op, Map<String, List<String>> params) throws AwsException {
        Shape in = op.input();
        if (in == null) {
            return QueryInput.EMPTY;
        }
        Object[] root = null;
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            List<String> vs = e.getValue();
            if (e.getKey() == null || vs == null || vs.isEmpty() || vs.get(0) == null) {
                continue;
            }
            root = (Object[]) put(in, root, e.getKey(), 0, vs.get(0));
        }
        Violations v = new Violations();
        QueryInput result = finishStructure(in, root == null ? new Object[in.members.length] : root, null, v);
        v.throwIfAny();
        return result;
    }

    // ---------------------------------------------------------------- placing raw values

    /** Placeholders of the raw tree: Object[] for structures, Indexed for lists and maps, String for scalars. */
    private static final class Indexed {
        final TreeMap<Integer, Object> items = new TreeMap<>();
        boolean tooMany;
    }

    /**
     * Places one parameter into the raw tree under {@code node} (of {@code shape}) and returns the
     * node, created if needed. {@code pos} is where the rest of the key starts, or -1 when the key
     * ends at this node. Keys that do not fit the shape leave the tree as it was.
     */
    private static Object put(Shape shape, Object node, String key, int pos, String value) {
        switch (shape.type) {
            case STRUCTURE -> {
                if (pos < 0) {
                    return node;
                }
                int end = key.indexOf('.', pos);
                String segment = end < 0 ? key.substring(pos) : key.substring(pos, end);
                Shape.Member m = shape.membersByWireName.get(segment);
                if (m == null) {
                    return node;
                }
                Object[] slots = (Object[]) node;
                Object old = slots == null ? null : slots[m.index];
                Object child = put(m.shape, old, key, end < 0 ? -1 : end + 1, value);
                if (child == old) {
                    return node;
                }
                if (slots == null) {
                    slots = new Object[shape.members.length];
                }
                slots[m.index] = child;
                return slots;
            }
            case LIST, MAP -> {
                Indexed list = (Indexed) node;
                if (pos < 0) {
                    // "Name=" is how botocore sends an empty list
                    return list == null && value.isEmpty() ? new Indexed() : node;
                }
                int indexPos;
                if (shape.flattened) {
                    indexPos = pos;
                } else {
                    String wrapper = shape.type == Shape.Type.LIST ? shape.member.wireName : ENTRY;
                    if (!key.startsWith(wrapper, pos) || key.length() <= pos + wrapper.length()
                            || key.charAt(pos + wrapper.length()) != '.') {
                        return node;
                    }
                    indexPos = pos + wrapper.length() + 1;
                }
                int end = key.indexOf('.', indexPos);
                int index = parseIndex(key, indexPos, end < 0 ? key.length() : end);
                if (index <= 0) {
                    return node;
                }
                if (index > MAX_LIST_MEMBERS) {
                    list = list == null ? new Indexed() : list;
                    list.tooMany = true;
                    return list;
                }
                Object old = list == null ? null : list.items.get(index);
                Object child;
                if (shape.type == Shape.Type.LIST) {
                    child = put(shape.member.shape, old, key, end < 0 ? -1 : end + 1, value);
                } else {
                    child = putEntry(shape, (Object[]) old, key, end < 0 ? -1 : end + 1, value);
                }
                if (child == old) {
                    return node;
                }
                if (list == null) {
                    list = new Indexed();
                }
                list.items.put(index, child);
                return list;
            }
            default -> {
                // a scalar: the key must end here; the first value wins
                return pos >= 0 || node != null ? node : value;
            }
        }
    }

    /** A map entry is Object[]{rawKey, rawValue}. */
    private static Object putEntry(Shape map, Object[] entry, String key, int pos, String value) {
        if (pos < 0) {
            return entry;
        }
        int end = key.indexOf('.', pos);
        String segment = end < 0 ? key.substring(pos) : key.substring(pos, end);
        Shape.Member m = segment.equals(map.key.wireName) ? map.key : segment.equals(map.value.wireName) ? map.value : null;
        if (m == null) {
            return entry;
        }
        Object old = entry == null ? null : entry[m.index];
        Object child = put(m.shape, old, key, end < 0 ? -1 : end + 1, value);
        if (child == old) {
            return entry;
        }
        Object[] e = entry == null ? new Object[2] : entry;
        e[m.index] = child;
        return e;
    }

    /** A positive decimal index without sign or leading zeros (capped at the limit + 1); 0 when malformed. */
    private static int parseIndex(String s, int from, int to) {
        if (to <= from || s.charAt(from) == '0') {
            return 0;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            if (n <= MAX_LIST_MEMBERS) {
                n = n * 10 + (c - '0');
            }
        }
        return (int) Math.min(n, MAX_LIST_MEMBERS + 1);
    }

    // ---------------------------------------------------------------- converting and validating

    /** A lazily printed validation path: parent.name, or parent.N.member for list elements. */
    private record Path(Path parent, String name, int index) {
        static String of(Path parent, String name) {
            return parent == null ? name : parent + "." + name;
        }

        @Override
        public String toString() {
            String self = index > 0 ? name + "." + index + ".member" : name;
            return parent == null ? self : parent + "." + self;
        }
    }

    private static QueryInput finishStructure(Shape s, Object[] slots, Path path, Violations v) {
        for (Shape.Member m : s.members) {
            Object raw = slots[m.index];
            if (raw == null) {
                if (m.required) {
                    v.add(m.shape.sensitive ? "Value at '" : "Value null at '", Path.of(path, m.pathName),
                            "' failed to satisfy constraint: Member must not be null");
                }
                continue;
            }
            slots[m.index] = finish(m.shape, raw, path, m.pathName, v);
        }
        return new QueryInput(s, slots);
    }

    private static Object finish(Shape shape, Object raw, Path parent, String name, Violations v) {
        return switch (shape.type) {
            case STRUCTURE -> finishStructure(shape, (Object[]) raw, new Path(parent, name, 0), v);
            case LIST -> finishList(shape, (Indexed) raw, parent, name, v);
            case MAP -> finishMap(shape, (Indexed) raw, parent, name, v);
            default -> {
                String str = (String) raw;
                Object value = scalar(shape, str);
                if (value == null) {
                    v.value(shape, str, Path.of(parent, name), "Member must be a valid " + typeWord(shape.type));
                } else {
                    checkScalar(shape, value, str, parent, name, v);
                }
                yield value;
            }
        };
    }

    private static String typeWord(Shape.Type t) {
        return switch (t) {
            case INTEGER, LONG -> "integer";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "ISO 8601 timestamp";
            case BLOB -> "base64 value";
            default -> "number";
        };
    }

    private static void checkScalar(Shape shape, Object value, String raw, Path parent, String name, Violations v) {
        if (value instanceof String s) {
            if (shape.enumSet != null && !shape.enumSet.contains(s)) {
                v.value(shape, s, Path.of(parent, name),
                        "Member must satisfy enum value set: [" + String.join(", ", shape.enumValues) + "]");
            }
            if (shape.pattern != null && !shape.pattern.matches(s)) {
                v.value(shape, s, Path.of(parent, name), "Member must satisfy regular expression pattern: " + shape.patternText);
            }
            if (shape.max != null || shape.min != null) {
                int units = s.length();
                // code points <= UTF-16 units: count them only when the cheap bound is not enough
                if (shape.max != null && units > shape.max && s.codePointCount(0, units) > shape.max) {
                    v.value(shape, s, Path.of(parent, name), "Member must have length less than or equal to " + shape.max);
                }
                if (shape.min != null && (units < shape.min || s.codePointCount(0, units) < shape.min)) {
                    v.value(shape, s, Path.of(parent, name), "Member must have length greater than or equal to " + shape.min);
                }
            }
        } else if (value instanceof Number n && (shape.max != null || shape.min != null)) {
            long x = n.longValue();
            if (shape.max != null && x > shape.max) {
                v.value(shape, raw, Path.of(parent, name), "Member must have value less than or equal to " + shape.max);
            }
            if (shape.min != null && x < shape.min) {
                v.value(shape, raw, Path.of(parent, name), "Member must have value greater than or equal to " + shape.min);
            }
        } else if (value instanceof byte[] b) {
            if (shape.max != null && b.length > shape.max) {
                v.value(shape, raw, Path.of(parent, name), "Member must have length less than or equal to " + shape.max);
            }
            if (shape.min != null && b.length < shape.min) {
                v.value(shape, raw, Path.of(parent, name), "Member must have length greater than or equal to " + shape.min);
            }
        }
    }

    /** The converted scalar, or null when the text is not a value of the shape's type. */
    private static Object scalar(Shape shape, String s) {
        try {
            return switch (shape.type) {
                case STRING -> s;
                case INTEGER -> Integer.valueOf(strictInteger(s) ? Integer.parseInt(s) : fail());
                case LONG -> Long.valueOf(strictInteger(s) ? Long.parseLong(s) : fail());
                case BOOLEAN -> s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
                case TIMESTAMP -> timestamp(s);
                case BLOB -> Base64.getDecoder().decode(s);
                case DOUBLE -> Double.valueOf(s);
                case FLOAT -> Float.valueOf(s);
                default -> null;
            };
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            // NumberFormatException is an IllegalArgumentException, DateTimeParseException a DateTimeException
            return null;
        }
    }

    private static boolean strictInteger(String s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return false;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int fail() {
        throw new NumberFormatException();
    }

    /** The earliest and latest instants a timestamp parameter may name: 1970 to the end of 9999. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /**
     * An ISO 8601 date-time with an offset, or epoch seconds (possibly fractional), between {@link #EARLIEST} and
     * {@link #LATEST}: anything else is not a timestamp (ValidationError), never an arithmetic failure later.
     */
    private static Instant timestamp(String s) {
        Instant t;
        if (!s.isEmpty() && s.indexOf('T') < 0 && strictInteger(s.replace(".", ""))) {
            // epoch seconds, possibly fractional; longValueExact and ofEpochMilli throw ArithmeticException and
            // DateTimeException (not IllegalArgumentException) out of range: both mean "not a timestamp"
            try {
                t = Instant.ofEpochMilli(new java.math.BigDecimal(s).movePointRight(3).longValueExact());
            } catch (ArithmeticException | java.time.DateTimeException e) {
                return null;
            }
        } else {
            t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
        return t.isBefore(EARLIEST) || t.isAfter(LATEST) ? null : t;
    }

    private static List<?> finishList(Shape shape, Indexed raw, Path parent, String name, Violations v) {
        Shape element = shape.member.shape;
        int count = raw.items.size();
        List<Object> out = new ArrayList<>(count);
        boolean tooLong = raw.tooMany || (shape.max != null && count > shape.max);
        if (tooLong) {
            long limit = shape.max != null ? Math.min(shape.max, MAX_LIST_MEMBERS) : MAX_LIST_MEMBERS;
            v.list(element, raw, Path.of(parent, name), "Member must have length less than or equal to " + limit);
            return out; // a list longer than allowed is not looked into further
        }
        if (shape.min != null && count < shape.min) {
            v.list(element, raw, Path.of(parent, name), "Member must have length greater than or equal to " + shape.min);
        }
        if (element.type.scalar()) {
            boolean bad = false;
            for (Object item : raw.items.values()) {
                String str = (String) item;
                Object value = scalar(element, str);
                if (value == null || !scalarOk(element, value, str)) {
                    bad = true;
                }
                out.add(value);
            }
            if (bad) {
                v.list(element, raw, Path.of(parent, name),
                        "Member must satisfy constraint: " + shape.memberConstraintSummary);
            }
        } else {
            int position = 0;
            for (Object item : raw.items.values()) {
                position++;
                out.add(finishElement(element, item, new Path(parent, name, position), v));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Object finishElement(Shape element, Object raw, Path elementPath, Violations v) {
        return switch (element.type) {
            case STRUCTURE -> finishStructure(element, (Object[]) raw, elementPath, v);
            case LIST -> finishList(element, (Indexed) raw, elementPath.parent(), elementPath.name() + "." + elementPath.index() + ".member", v);
            case MAP -> finishMap(element, (Indexed) raw, elementPath.parent(), elementPath.name() + "." + elementPath.index() + ".member", v);
            default -> throw new IllegalStateException();
        };
    }

    private static boolean scalarOk(Shape shape, Object value, String raw) {
        Violations probe = new Violations();
        checkScalar(shape, value, raw, null, "", probe);
        return probe.count() == 0;
    }

    private static Map<String, Object> finishMap(Shape shape, Indexed raw, Path parent, String name, Violations v) {
        int count = raw.items.size();
        if (raw.tooMany || (shape.max != null && count > shape.max)) {
            long limit = shape.max != null ? Math.min(shape.max, MAX_LIST_MEMBERS) : MAX_LIST_MEMBERS;
            v.add("Value at '", Path.of(parent, name), "' failed to satisfy constraint: Member must have length less than or equal to " + limit);
            return Map.of();
        }
        if (shape.min != null && count < shape.min) {
            v.add("Value at '", Path.of(parent, name), "' failed to satisfy constraint: Member must have length greater than or equal to " + shape.min);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int position = 0;
        for (Object item : raw.items.values()) {
            position++;
            Object[] e = (Object[]) item;
            String entryName = name + "." + ENTRY + "." + position;
            Object k = e[0] == null ? null : finish(shape.key.shape, e[0], parent, entryName + ".key", v);
            Object val = e[1] == null ? null : finish(shape.value.shape, e[1], parent, entryName + ".value", v);
            if (k == null) {
                v.add("Value null at '", Path.of(parent, entryName + ".key"), "' failed to satisfy constraint: Member must not be null");
            } else if (val == null && e[1] == null) {
                v.add("Value null at '", Path.of(parent, entryName + ".value"), "' failed to satisfy constraint: Member must not be null");
            } else if (val != null) {
                out.putIfAbsent(String.valueOf(k), val);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    // ---------------------------------------------------------------- collecting violations

    private static final class Violations {
        private List<String> messages;

        void add(String prefix, String path, String constraint) {
            if (messages == null) {
                messages = new ArrayList<>(2);
            }
            messages.add(prefix + path + constraint);
        }

        void value(Shape shape, String value, String path, String constraint) {
            add(shape.sensitive ? "Value at '" : "Value '" + value + "' at '", path,
                    "' failed to satisfy constraint: " + constraint);
        }

        void list(Shape element, Indexed raw, String path, String constraint) {
            String prefix;
            if (element.sensitive || !element.type.scalar()) {
                prefix = "Value at '";
            } else {
                StringBuilder sb = new StringBuilder("Value '[");
                boolean first = true;
                for (Object o : raw.items.values()) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    sb.append(o);
                }
                prefix = sb.append("]' at '").toString();
            }
            add(prefix, path, "' failed to satisfy constraint: " + constraint);
        }

        int count() {
            return messages == null ? 0 : messages.size();
        }

        void throwIfAny() {
            if (messages == null) {
                return;
            }
            int n = messages.size();
            throw new AwsException(ErrorCode.ValidationError,
                    n + (n == 1 ? " validation error detected: " : " validation errors detected: ")
                            + String.join("; ", messages));
        }
    }
}

package dev.opensts.adapter.http.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decoded and validated input of one operation (or one nested structure of it). Member names are
 * the model's (e.g. "RoleName", "Tags", "MaxItems"); asking for a member the shape does not have,
 * or with the wrong accessor for its type, is a programming error ({@link IllegalArgumentException}).
 */
public final class QueryInput {
    static final Shape EMPTY_SHAPE = emptyShape();
    static final QueryInput EMPTY = new QueryInput(EMPTY_SHAPE, new Object[0]);

    private final Shape shape;
    /** Converted values by member index: String, Integer, Long, Boolean, Instant, byte[], List, Map, QueryInput. */
    private final Object[] values;

    QueryInput(Shape shape, Object[] values) {
        this.shape = shape;
        this.values = values;
    }

    /** The string value, or null when absent. */
    public String string(String member) {
        return (String) value(member, Shape.Type.STRING);
    }

    public Integer integer(String member) {
        return (Integer) value(member, Shape.Type.INTEGER);
    }

    public Long longValue(String member) {
        return (Long) value(member, Shape.Type.LONG);
    }

    public Boolean bool(String member) {
        return (Boolean) value(member, Shape.Type.BOOLEAN);
    }

    public Instant timestamp(String member) {
        return (Instant) value(member, Shape.Type.TIMESTAMP);
    }

    public byte[] blob(String member) {
        byte[] b = (byte[]) value(member, Shape.Type.BLOB);
        return b == null ? null : b.clone();
    }

    /** A list of strings (e.g. TagKeys); empty when absent. */
    @SuppressWarnings("unchecked")
    public List<String> strings(String member) {
        return (List<String>) list(member, Shape.Type.STRING);
    }

    /** A list of structures (e.g. Tags, each with Key and Value); empty when absent. */
    @SuppressWarnings("unchecked")
    public List<QueryInput> structures(String member) {
        return (List<QueryInput>) list(member, Shape.Type.STRUCTURE);
    }

    /** A map member (Name.entry.N.key / .value); empty when absent. Values as the other accessors give them. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String member) {
        Shape.Member m = shape.member(member);
        if (m.shape.type != Shape.Type.MAP) {
            throw wrongType(m, "map");
        }
        Object v = values[m.index];
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    /** A nested structure, or null when absent. */
    public QueryInput structure(String member) {
        return (QueryInput) value(member, Shape.Type.STRUCTURE);
    }

    /** Whether the request carried the member (an empty list sent as {@code Name=} counts). */
    public boolean has(String member) {
        return values[shape.member(member).index] != null;
    }

    /** The shape's name in the model, e.g. "CreateRoleRequest". */
    public String shapeName() {
        return shape.name;
    }

    private Object value(String member, Shape.Type type) {
        Shape.Member m = shape.member(member);
        if (m.shape.type != type) {
            throw wrongType(m, type.name().toLowerCase());
        }
        return values[m.index];
    }

    private List<?> list(String member, Shape.Type elementType) {
        Shape.Member m = shape.member(member);
        if (m.shape.type != Shape.Type.LIST || m.shape.member.shape.type != elementType) {
            throw wrongType(m, "list of " + elementType.name().toLowerCase());
        }
        Object v = values[m.index];
        return v == null ? List.of() : (List<?>) v;
    }

    private IllegalArgumentException wrongType(Shape.Member m, String asked) {
        return new IllegalArgumentException(shape.name + "." + m.name + " is " + m.shape + ", not " + asked);
    }

    /**
     * The input as an audit record's requestParameters: every member sent, by its model name in lower camel case,
     * structures and lists and maps as such, each string at most {@code maxChars} characters. A member whose
     * shape the model marks {@code "sensitive"} (a password, a secret key, a token) is left out, and so is one
     * of the {@link #SECRET_SHAPES} (MFA codes, which the models do not mark); blobs are left out.
     */
    public Map<String, Object> auditParameters(int maxChars) {
        return render(this, maxChars);
    }

    /** Shapes that hold a one-time secret though the models do not mark them sensitive: MFA codes. */
    public static final Set<String> SECRET_SHAPES = Set.of("tokenCodeType", "authenticationCodeType");

    /**
     * Secret shapes whose presence CloudTrail shows with a marker instead of leaving them out: IAM passwords
     * (CreateLoginProfile, UpdateLoginProfile, ChangePassword), as CloudTrail records them.
     */
    public static final Set<String> HIDDEN_SHAPES = Set.of("passwordType");
    public static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

    static boolean secret(Shape s) {
        return s.sensitive || SECRET_SHAPES.contains(s.name);
    }

    private static Map<String, Object> render(QueryInput in, int maxChars) {
        var out = new java.util.LinkedHashMap<String, Object>();
        for (Shape.Member m : in.shape.members) {
            Object v = in.values[m.index];
            if (v != null && HIDDEN_SHAPES.contains(m.shape.name)) {
                out.put(m.pathName, HIDDEN);
            } else if (v != null && !secret(m.shape)) {
                Object r = render(v, m.shape, maxChars);
                if (r != null) {
                    out.put(m.pathName, r);
                }
            }
        }
        return out;
    }

    private static Object render(Object v, Shape shape, int maxChars) {
        if (v instanceof QueryInput q) {
            return render(q, maxChars);
        } else if (v instanceof List<?> list) {
            Shape element = shape.member == null ? null : shape.member.shape;
            if (element != null && secret(element)) {
                return null;
            }
            var out = new java.util.ArrayList<Object>(list.size());
            for (Object o : list) {
                Object r = render(o, element, maxChars);
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        } else if (v instanceof Map<?, ?> map) {
            if (shape.value != null && secret(shape.value.shape)) {
                return null;
            }
            var out = new java.util.LinkedHashMap<String, Object>();
            map.forEach((k, o) -> {
                Object r = render(o, shape.value == null ? null : shape.value.shape, maxChars);
                if (r != null) {
                    out.put(String.valueOf(k), r);
                }
            });
            return out;
        } else if (v instanceof String str) {
            return str.length() > maxChars ? str.substring(0, maxChars) : str;
        } else if (v instanceof byte[]) {
            return null;
        }
        return v;
    }

    /** Member values for debugging; sensitive values are redacted. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(shape.name).append('{');
        boolean first = true;
        for (Shape.Member m : shape.members) {
            Object v = values[m.index];
            if (v == null) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(m.name).append('=').append(m.shape.sensitive ? "***" : v);
        }
        return sb.append('}').toString();
    }

    private static Shape emptyShape() {
        Shape s = new Shape("(none)", Shape.Type.STRUCTURE);
        s.setMembers(new Shape.Member[0]);
        return s;
    }
}

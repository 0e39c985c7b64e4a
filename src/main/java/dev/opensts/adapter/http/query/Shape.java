package dev.opensts.adapter.http.query;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shape of a service model, resolved and precompiled at load: members in model order,
 * constraints, compiled pattern. Immutable after {@link ServiceModel#load} returns.
 */
final class Shape {

    enum Type {
        STRUCTURE, LIST, MAP, STRING, INTEGER, LONG, BOOLEAN, TIMESTAMP, BLOB, DOUBLE, FLOAT;

        static Type of(String modelType) {
            return switch (modelType) {
                case "structure" -> STRUCTURE;
                case "list" -> LIST;
                case "map" -> MAP;
                case "string" -> STRING;
                case "integer" -> INTEGER;
                case "long" -> LONG;
                case "boolean" -> BOOLEAN;
                case "timestamp" -> TIMESTAMP;
                case "blob" -> BLOB;
                case "double" -> DOUBLE;
                case "float" -> FLOAT;
                default -> throw new IllegalArgumentException("unsupported shape type " + modelType);
            };
        }

        boolean scalar() {
            return this != STRUCTURE && this != LIST && this != MAP;
        }
    }

    /** A reference to a shape from a structure member, a list member or a map key/value. */
    static final class Member {
        final String name;
        /** The name on the wire: the model's locationName, else the member name (or default). */
        final String wireName;
        /** AWS's name in validation messages: the member name with its first letter lower-cased. */
        final String pathName;
        final int index;
        boolean required;
        Shape shape;

        Member(String name, String wireName, int index) {
            this.name = name;
            this.wireName = wireName;
            this.pathName = name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
            this.index = index;
        }
    }

    final String name;
    final Type type;
    // structure
    Member[] members = new Member[0];
    Map<String, Member> membersByName = Map.of();
    Map<String, Member> membersByWireName = Map.of();
    // list
    Member member;
    boolean flattened;
    // map
    Member key;
    Member value;
    // constraints
    Long min;
    Long max;
    String patternText;
    ShapePattern pattern;
    List<String> enumValues;
    Set<String> enumSet;
    boolean sensitive;
    /** For list and map constraint messages: "[Member must have length ..., ...]". */
    String memberConstraintSummary;

    Shape(String name, Type type) {
        this.name = name;
        this.type = type;
    }

    void setMembers(Member[] ms) {
        members = ms;
        Map<String, Member> byName = new HashMap<>(ms.length * 2);
        Map<String, Member> byWire = new HashMap<>(ms.length * 2);
        for (Member m : ms) {
            byName.put(m.name, m);
            byWire.put(m.wireName, m);
        }
        membersByName = Map.copyOf(byName);
        membersByWireName = Map.copyOf(byWire);
    }

    Member member(String memberName) {
        Member m = membersByName.get(memberName);
        if (m == null) {
            throw new IllegalArgumentException(name + " has no member " + memberName
                    + " (members: " + Arrays.stream(members).map(x -> x.name).toList() + ")");
        }
        return m;
    }

    @Override
    public String toString() {
        return name + "(" + type + ")";
    }

    /**
     * A model pattern compiled for Java. The models write code points above U+FFFF as
     * {@code \u10000-\u10FFFF}, which Java would read as {@code \u1000} followed by "0"; those are
     * rewritten to {@code \x{10000}}. Patterns are matched against the whole value, as AWS does.
     * A pattern that is one character class repeated ({@code [..]*} or {@code [..]+}, optionally
     * anchored) is checked with a table for characters below U+0100, without a Matcher.
     */
    static final class ShapePattern {
        private static final Pattern WIDE_ESCAPE = Pattern.compile("\\\\u([0-9A-Fa-f]{5,6})(?![0-9A-Fa-f])");
        private static final Pattern SINGLE_CLASS = Pattern.compile("\\^?(\\[(?:[^\\[\\]\\\\]|\\\\.)*\\])([*+])\\$?");

        final Pattern full;
        private final boolean[] table; // null when not a single repeated class
        private final boolean allowEmpty;

        ShapePattern(String modelPattern) {
            String javaPattern = WIDE_ESCAPE.matcher(modelPattern).replaceAll(r -> Matcher.quoteReplacement("\\x{" + r.group(1) + "}"));
            this.full = Pattern.compile(javaPattern);
            Matcher single = SINGLE_CLASS.matcher(javaPattern);
            if (single.matches()) {
                Pattern cls = Pattern.compile(single.group(1));
                boolean[] t = new boolean[256];
                for (int c = 0; c < 256; c++) {
                    t[c] = cls.matcher(String.valueOf((char) c)).matches();
                }
                this.table = t;
                this.allowEmpty = single.group(2).equals("*");
            } else {
                this.table = null;
                this.allowEmpty = false;
            }
        }

        boolean matches(String s) {
            if (table != null) {
                int n = s.length();
                if (n == 0) {
                    return allowEmpty;
                }
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    if (c >= 256) {
                        return full.matcher(s).matches();
                    }
                    if (!table[c]) {
                        return false;
                    }
                }
                return true;
            }
            return full.matcher(s).matches();
        }
    }
}

package dev.opensts.policy;

import java.util.Locale;

/**
 * The type of a context value given to the policy simulator (IAM's ContextKeyTypeEnum): a value is well formed when
 * the condition operators of that family can read it, by the same parsers they use (so a value the simulator
 * accepts is one an operator would compare, and a malformed one is refused rather than silently never matching).
 */
public enum ContextKeyType {
    STRING("string"), STRING_LIST("stringList"),
    NUMERIC("numeric"), NUMERIC_LIST("numericList"),
    BOOLEAN("boolean"), BOOLEAN_LIST("booleanList"),
    IP("ip"), IP_LIST("ipList"),
    BINARY("binary"), BINARY_LIST("binaryList"),
    DATE("date"), DATE_LIST("dateList");

    private final String wireName;

    ContextKeyType(String wireName) {
        this.wireName = wireName;
    }

    /** The type by its name in IAM's API; null when there is none of that name. */
    public static ContextKeyType of(String wireName) {
        for (ContextKeyType t : values()) {
            if (t.wireName.equals(wireName)) {
                return t;
            }
        }
        return null;
    }

    public String wireName() {
        return wireName;
    }

    /** List types take any number of values; the others exactly one. */
    public boolean isList() {
        return wireName.endsWith("List");
    }

    /** Whether the operators of this type's family can read {@code value}. */
    public boolean accepts(String value) {
        return switch (this) {
            case STRING, STRING_LIST -> true;
            case NUMERIC, NUMERIC_LIST -> NumericOperators.parse(value) != null;
            case BOOLEAN, BOOLEAN_LIST -> {
                String b = value.trim().toLowerCase(Locale.ROOT);
                yield b.equals("true") || b.equals("false");
            }
            case IP, IP_LIST -> Cidr.parse(value.trim()) != null;
            case BINARY, BINARY_LIST -> BinaryOperator.decode(value) != null;
            case DATE, DATE_LIST -> DateOperators.parseMillis(value) != null;
        };
    }
}

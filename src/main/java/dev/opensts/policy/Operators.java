package dev.opensts.policy;

import java.util.Map;

/** Parses a condition operator name ("ForAnyValue:StringNotLikeIfExists") into its parts. */
final class Operators {
    private Operators() {
    }

    /** A base operator: its family, the positive operator it negates or is, and whether it is negated. */
    record Base(OperatorFamily family, String positive, boolean negated) {
    }

    /** The parts of an operator name; {@code base} is null for Null. */
    record Parsed(SetQualifier qualifier, Base base, boolean ifExists, boolean isNull) {
    }

    private static final OperatorFamily STRING = new StringOperators();
    private static final OperatorFamily NUMERIC = new NumericOperators();
    private static final OperatorFamily DATE = new DateOperators();
    private static final OperatorFamily BOOL = new BoolOperator();
    private static final OperatorFamily BINARY = new BinaryOperator();
    private static final OperatorFamily IP = new IpAddressOperators();
    private static final OperatorFamily ARN = new ArnOperators();

    private static final Map<String, Base> BASES = Map.ofEntries(
            Map.entry("StringEquals", new Base(STRING, "StringEquals", false)),
            Map.entry("StringNotEquals", new Base(STRING, "StringEquals", true)),
            Map.entry("StringEqualsIgnoreCase", new Base(STRING, "StringEqualsIgnoreCase", false)),
            Map.entry("StringNotEqualsIgnoreCase", new Base(STRING, "StringEqualsIgnoreCase", true)),
            Map.entry("StringLike", new Base(STRING, "StringLike", false)),
            Map.entry("StringNotLike", new Base(STRING, "StringLike", true)),
            Map.entry("NumericEquals", new Base(NUMERIC, "NumericEquals", false)),
            Map.entry("NumericNotEquals", new Base(NUMERIC, "NumericEquals", true)),
            Map.entry("NumericLessThan", new Base(NUMERIC, "NumericLessThan", false)),
            Map.entry("NumericLessThanEquals", new Base(NUMERIC, "NumericLessThanEquals", false)),
            Map.entry("NumericGreaterThan", new Base(NUMERIC, "NumericGreaterThan", false)),
            Map.entry("NumericGreaterThanEquals", new Base(NUMERIC, "NumericGreaterThanEquals", false)),
            Map.entry("DateEquals", new Base(DATE, "DateEquals", false)),
            Map.entry("DateNotEquals", new Base(DATE, "DateEquals", true)),
            Map.entry("DateLessThan", new Base(DATE, "DateLessThan", false)),
            Map.entry("DateLessThanEquals", new Base(DATE, "DateLessThanEquals", false)),
            Map.entry("DateGreaterThan", new Base(DATE, "DateGreaterThan", false)),
            Map.entry("DateGreaterThanEquals", new Base(DATE, "DateGreaterThanEquals", false)),
            Map.entry("Bool", new Base(BOOL, "Bool", false)),
            Map.entry("BinaryEquals", new Base(BINARY, "BinaryEquals", false)),
            Map.entry("IpAddress", new Base(IP, "IpAddress", false)),
            Map.entry("NotIpAddress", new Base(IP, "IpAddress", true)),
            Map.entry("ArnEquals", new Base(ARN, "ArnEquals", false)),
            Map.entry("ArnNotEquals", new Base(ARN, "ArnEquals", true)),
            Map.entry("ArnLike", new Base(ARN, "ArnLike", false)),
            Map.entry("ArnNotLike", new Base(ARN, "ArnLike", true)));

    /** @throws IllegalArgumentException with the reason when the name is not a known operator */
    static Parsed parse(String name) {
        SetQualifier q = SetQualifier.NONE;
        String rest = name;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            String prefix = name.substring(0, colon);
            q = switch (prefix) {
                case "ForAllValues" -> SetQualifier.FOR_ALL_VALUES;
                case "ForAnyValue" -> SetQualifier.FOR_ANY_VALUE;
                default -> throw new IllegalArgumentException("Condition qualifier \"" + prefix
                        + "\" is not recognised; use ForAllValues or ForAnyValue");
            };
            rest = name.substring(colon + 1);
        }
        if (rest.equals("Null")) {
            if (q != SetQualifier.NONE) {
                throw new IllegalArgumentException("Condition operator Null does not take a set qualifier");
            }
            return new Parsed(q, null, false, true);
        }
        boolean ifExists = false;
        if (rest.endsWith("IfExists")) {
            ifExists = true;
            rest = rest.substring(0, rest.length() - "IfExists".length());
            if (rest.equals("Null")) {
                throw new IllegalArgumentException("Condition operator Null cannot be combined with IfExists");
            }
        }
        Base base = BASES.get(rest);
        if (base == null) {
            throw new IllegalArgumentException("Condition operator \"" + name + "\" is not recognised");
        }
        return new Parsed(q, base, ifExists, false);
    }
}

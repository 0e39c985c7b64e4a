package dev.opensts.policy;

import java.math.BigDecimal;
import java.util.List;

/** NumericEquals, NumericLessThan[Equals], NumericGreaterThan[Equals] (NumericNotEquals is negated Equals). */
record NumericOperators() implements OperatorFamily {
    @Override
    public ValueTest compile(String operator, List<String> values, boolean variablesEnabled) {
        BigDecimal[] limits = new BigDecimal[values.size()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = parse(values.get(i));
            if (limits[i] == null) {
                throw new IllegalArgumentException("\"" + values.get(i) + "\" is not a number");
            }
        }
        Cmp cmp = switch (operator) {
            case "NumericEquals" -> c -> c == 0;
            case "NumericLessThan" -> c -> c < 0;
            case "NumericLessThanEquals" -> c -> c <= 0;
            case "NumericGreaterThan" -> c -> c > 0;
            case "NumericGreaterThanEquals" -> c -> c >= 0;
            default -> throw new IllegalStateException(operator);
        };
        return (cv, ctx) -> {
            BigDecimal v = parse(cv);
            if (v == null) {
                return false; // a non-numeric context value matches no numeric condition
            }
            for (BigDecimal limit : limits) {
                if (cmp.holds(v.compareTo(limit))) {
                    return true;
                }
            }
            return false;
        };
    }

    @FunctionalInterface
    private interface Cmp {
        boolean holds(int contextComparedToPolicy);
    }

    static BigDecimal parse(String s) {
        String t = s.trim();
        // bounded length keeps BigDecimal parsing cheap on hostile input
        if (t.isEmpty() || t.length() > 64) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(t);
            return Math.abs(d.scale()) > 1000 ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

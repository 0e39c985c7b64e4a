package dev.opensts.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * DateEquals, DateLessThan[Equals], DateGreaterThan[Equals] (DateNotEquals is negated Equals). Values are ISO 8601
 * (with offset, or UTC when none is given; a date alone is midnight UTC) or epoch seconds, as AWS accepts.
 */
record DateOperators() implements OperatorFamily {
    @Override
    public ValueTest compile(String operator, List<String> values, boolean variablesEnabled) {
        long[] limits = new long[values.size()];
        for (int i = 0; i < limits.length; i++) {
            Long t = parseMillis(values.get(i));
            if (t == null) {
                throw new IllegalArgumentException(
                        "\"" + values.get(i) + "\" is not an ISO 8601 date-time or epoch seconds");
            }
            limits[i] = t;
        }
        return switch (operator) {
            case "DateEquals" -> test(limits, 0);
            case "DateLessThan" -> test(limits, 1);
            case "DateLessThanEquals" -> test(limits, 2);
            case "DateGreaterThan" -> test(limits, 3);
            case "DateGreaterThanEquals" -> test(limits, 4);
            default -> throw new IllegalStateException(operator);
        };
    }

    private static ValueTest test(long[] limits, int op) {
        return (cv, ctx) -> {
            Long v = parseMillis(cv);
            if (v == null) {
                return false;
            }
            for (long limit : limits) {
                int c = Long.compare(v, limit);
                boolean ok = switch (op) {
                    case 0 -> c == 0;
                    case 1 -> c < 0;
                    case 2 -> c <= 0;
                    case 3 -> c > 0;
                    default -> c >= 0;
                };
                if (ok) {
                    return true;
                }
            }
            return false;
        };
    }

    static Long parseMillis(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 64) {
            return null;
        }
        if (isEpoch(t)) {
            try {
                return new BigDecimal(t).movePointRight(3).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // fall through to the zone-less forms
        }
        try {
            return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // fall through
        }
        try {
            return LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean isEpoch(String t) {
        int dots = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '.') {
                dots++;
            } else if ((c < '0' || c > '9') && !(i == 0 && c == '-')) {
                return false;
            }
        }
        return dots <= 1 && t.length() <= 20;
    }
}

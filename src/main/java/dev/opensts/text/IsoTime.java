package dev.opensts.text;

import java.time.Instant;
import java.time.LocalDate;

/**
 * ISO-8601 text for instants, written directly instead of through java.time's formatter: each
 * issuance writes several (the expiration, the audit record's times, the policy context), and the
 * general formatter showed in the service's profile. {@link #instant} is exactly
 * {@link Instant#toString()}; {@link #seconds} is AWS's timestamp text; {@link #basic} and
 * {@link #day} are SigV4's X-Amz-Date and credential-scope date.
 */
public final class IsoTime {
    private static final long MIN = -62167219200L; // 0000-01-01T00:00:00Z
    private static final long MAX = 253402300799L; // 9999-12-31T23:59:59Z

    private IsoTime() {
    }

    /** The same text as {@link Instant#toString()}: fraction in groups of three digits, as needed. */
    public static String instant(Instant t) {
        long s = t.getEpochSecond();
        if (s < MIN || s > MAX) {
            return t.toString();
        }
        int nano = t.getNano();
        StringBuilder sb = new StringBuilder(30);
        date(sb, s, '-');
        sb.append('T');
        time(sb, s, ':');
        if (nano != 0) {
            sb.append('.');
            if (nano % 1_000_000 == 0) {
                digits(sb, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(sb, nano / 1_000, 6);
            } else {
                digits(sb, nano, 9);
            }
        }
        return sb.append('Z').toString();
    }

    /** Whole seconds, UTC: {@code 2013-06-12T23:52:02Z}. */
    public static String seconds(Instant t) {
        return instant(t.getNano() == 0 ? t : Instant.ofEpochSecond(t.getEpochSecond()));
    }

    /** ISO-8601 basic, UTC: {@code 20150830T123600Z}. */
    public static String basic(Instant t) {
        long s = inRange(t);
        StringBuilder sb = new StringBuilder(16);
        date(sb, s, (char) 0);
        sb.append('T');
        time(sb, s, (char) 0);
        return sb.append('Z').toString();
    }

    /** The UTC date, basic: {@code 20150830}. */
    public static String day(Instant t) {
        StringBuilder sb = new StringBuilder(8);
        date(sb, inRange(t), (char) 0);
        return sb.toString();
    }

    private static long inRange(Instant t) {
        long s = t.getEpochSecond();
        if (s < MIN || s > MAX) {
            throw new java.time.DateTimeException("year outside 0000-9999: " + t);
        }
        return s;
    }

    private static void date(StringBuilder sb, long epochSecond, char sep) {
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
        digits(sb, d.getYear(), 4);
        if (sep != 0) {
            sb.append(sep);
        }
        digits(sb, d.getMonthValue(), 2);
        if (sep != 0) {
            sb.append(sep);
        }
        digits(sb, d.getDayOfMonth(), 2);
    }

    private static void time(StringBuilder sb, long epochSecond, char sep) {
        int secs = (int) Math.floorMod(epochSecond, 86_400L);
        digits(sb, secs / 3600, 2);
        if (sep != 0) {
            sb.append(sep);
        }
        digits(sb, secs / 60 % 60, 2);
        if (sep != 0) {
            sb.append(sep);
        }
        digits(sb, secs % 60, 2);
    }

    private static void digits(StringBuilder sb, int value, int width) {
        int start = sb.length();
        for (int i = 0; i < width; i++) {
            sb.append('0');
        }
        for (int i = start + width - 1; i >= start; i--) {
            sb.setCharAt(i, (char) ('0' + value % 10));
            value /= 10;
        }
    }

    /**
     * Parses ISO-8601 basic ({@code 20150830T123600Z}) strictly: exactly 16 characters, digits where
     * digits belong, a real date and time. Null when the text is not that.
     */
    public static Instant parseBasic(String v) {
        if (v == null || v.length() != 16 || v.charAt(8) != 'T' || v.charAt(15) != 'Z') {
            return null;
        }
        int year = number(v, 0, 4);
        int month = number(v, 4, 2);
        int day = number(v, 6, 2);
        int hour = number(v, 9, 2);
        int minute = number(v, 11, 2);
        int second = number(v, 13, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second);
    }

    private static int number(String v, int from, int len) {
        int n = 0;
        for (int i = from; i < from + len; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

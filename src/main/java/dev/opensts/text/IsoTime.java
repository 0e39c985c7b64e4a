package dev.opensts.text;

import java.nio.charset.StandardCharsets;
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
        byte[] b = new byte[30];
        int n = date(b, s, true);
        b[n++] = 'T';
        n = time(b, n, s, true);
        if (nano != 0) {
            b[n++] = '.';
            if (nano % 1_000_000 == 0) {
                n = digits(b, n, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                n = digits(b, n, nano / 1_000, 6);
            } else {
                n = digits(b, n, nano, 9);
            }
        }
        b[n++] = 'Z';
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Whole seconds, UTC: {@code 2013-06-12T23:52:02Z}. */
    public static String seconds(Instant t) {
        return instant(t.getNano() == 0 ? t : Instant.ofEpochSecond(t.getEpochSecond()));
    }

    /** ISO-8601 basic, UTC: {@code 20150830T123600Z}. */
    public static String basic(Instant t) {
        long s = inRange(t);
        byte[] b = new byte[16];
        int n = date(b, s, false);
        b[n++] = 'T';
        n = time(b, n, s, false);
        b[n++] = 'Z';
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The UTC date, basic: {@code 20150830}. */
    public static String day(Instant t) {
        return new String(ymd(Math.floorDiv(inRange(t), 86_400L)), StandardCharsets.ISO_8859_1);
    }

    private static long inRange(Instant t) {
        long s = t.getEpochSecond();
        if (s < MIN || s > MAX) {
            throw new java.time.DateTimeException("year outside 0000-9999: " + t);
        }
        return s;
    }

    /** The date's eight digits (yyyyMMdd), kept for the last day asked: nearly every call is for today. */
    private record Day(long epochDay, byte[] ymd) {
    }

    private static volatile Day lastDay = new Day(Long.MIN_VALUE, new byte[0]);

    private static byte[] ymd(long epochDay) {
        Day last = lastDay;
        if (last.epochDay() == epochDay) {
            return last.ymd();
        }
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        byte[] b = new byte[8];
        digits(b, 0, d.getYear(), 4);
        digits(b, 4, d.getMonthValue(), 2);
        digits(b, 6, d.getDayOfMonth(), 2);
        lastDay = new Day(epochDay, b);
        return b;
    }

    /** Writes the date at the start of {@code b}, with or without dashes; the index after it. */
    private static int date(byte[] b, long epochSecond, boolean dashes) {
        byte[] ymd = ymd(Math.floorDiv(epochSecond, 86_400L));
        if (!dashes) {
            System.arraycopy(ymd, 0, b, 0, 8);
            return 8;
        }
        System.arraycopy(ymd, 0, b, 0, 4);
        b[4] = '-';
        b[5] = ymd[4];
        b[6] = ymd[5];
        b[7] = '-';
        b[8] = ymd[6];
        b[9] = ymd[7];
        return 10;
    }

    private static int time(byte[] b, int n, long epochSecond, boolean colons) {
        int secs = (int) Math.floorMod(epochSecond, 86_400L);
        n = digits(b, n, secs / 3600, 2);
        if (colons) {
            b[n++] = ':';
        }
        n = digits(b, n, secs / 60 % 60, 2);
        if (colons) {
            b[n++] = ':';
        }
        return digits(b, n, secs % 60, 2);
    }

    /** {@code value} as exactly {@code width} ASCII digits (zero-padded) at {@code at}; the index after them. */
    private static int digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /**
     * Parses ISO-8601 basic ({@code 20150830T123600Z}) strictly: exactly 16 characters, digits where
     * digits belong, a real date and time. Null when the text is not that.
     */
    public static Instant parseBasic(String v) {
        if (v == null || v.length() != 16 || v.charAt(8) != 'T' || v.charAt(15) != 'Z') {
            return null;
        }
        int hour = number(v, 9, 2);
        int minute = number(v, 11, 2);
        int second = number(v, 13, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long epochDay;
        Day last = lastDay;
        if (sameDate(v, last.ymd())) {
            epochDay = last.epochDay(); // a request signed today: its date was checked when it was cached
        } else {
            int year = number(v, 0, 4);
            int month = number(v, 4, 2);
            int day = number(v, 6, 2);
            if (year < 0 || month < 1 || month > 12 || day < 1
                    || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
                return null;
            }
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second);
    }

    private static boolean sameDate(String v, byte[] ymd) {
        if (ymd.length != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (v.charAt(i) != ymd[i]) {
                return false;
            }
        }
        return true;
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

package dev.opensts.sigv4;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The two timestamp shapes SigV4 uses: ISO-8601 basic ({@code 20150830T123600Z}) and the HTTP Date header. */
final class AmzDate {

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);

    private AmzDate() {
    }

    static String format(Instant t) {
        return BASIC.format(t);
    }

    static String day(Instant t) {
        return DAY.format(t);
    }

    /** X-Amz-Date must be ISO-8601 basic format; anything else is rejected with AWS's wording. */
    static Instant parseAmzDate(String value) {
        Instant t = tryBasic(value);
        if (t == null) {
            throw SigV4Errors.dateFormat(value);
        }
        return t;
    }

    /** The Date header may be RFC 1123 (what HTTP clients send) or ISO-8601 basic (what AWS's docs show). */
    static Instant parseDateHeader(String value) {
        Instant t = tryBasic(value);
        if (t != null) {
            return t;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw SigV4Errors.dateFormat(value);
        }
    }

    private static Instant tryBasic(String value) {
        // Strict length check first: the parser would otherwise accept e.g. extra-digit years.
        if (value == null || value.length() != 16) {
            return null;
        }
        try {
            return Instant.from(BASIC.parse(value));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

package dev.opensts.sigv4;

import dev.opensts.text.IsoTime;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The two timestamp shapes SigV4 uses: ISO-8601 basic ({@code 20150830T123600Z}) and the HTTP Date header. */
final class AmzDate {

    private AmzDate() {
    }

    static String format(Instant t) {
        return IsoTime.basic(t);
    }

    static String day(Instant t) {
        return IsoTime.day(t);
    }

    /** X-Amz-Date must be ISO-8601 basic format; anything else is rejected with AWS's wording. */
    static Instant parseAmzDate(String value) {
        // exactly 16 characters, digits where digits belong, a real date (IsoTime parses it by hand)
        Instant t = IsoTime.parseBasic(value);
        if (t == null) {
            throw SigV4Errors.dateFormat(value);
        }
        return t;
    }

    /** The Date header may be RFC 1123 (what HTTP clients send) or ISO-8601 basic (what AWS's docs show). */
    static Instant parseDateHeader(String value) {
        Instant t = IsoTime.parseBasic(value);
        if (t != null) {
            return t;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw SigV4Errors.dateFormat(value);
        }
    }
}

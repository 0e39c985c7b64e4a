package dev.opensts.text;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IsoTime writes what java.time's formatters write, for every instant of years 0000-9999. */
class IsoTimeTest {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Property(tries = 3000)
    void instantIsInstantToString(@ForAll @LongRange(min = -62167219200L, max = 253402300799L) long second,
                                  @ForAll @IntRange(min = 0, max = 999_999_999) int nano,
                                  @ForAll @IntRange(min = 0, max = 3) int precision) {
        // whole seconds, millis, micros and nanos all occur in practice
        int n = switch (precision) {
            case 0 -> 0;
            case 1 -> nano / 1_000_000 * 1_000_000;
            case 2 -> nano / 1_000 * 1_000;
            default -> nano;
        };
        Instant t = Instant.ofEpochSecond(second, n);
        assertThat(IsoTime.instant(t)).isEqualTo(t.toString());
        assertThat(IsoTime.seconds(t)).isEqualTo(SECONDS.format(t.truncatedTo(ChronoUnit.SECONDS)));
        assertThat(IsoTime.basic(t)).isEqualTo(BASIC.format(t));
        assertThat(IsoTime.day(t)).isEqualTo(DAY.format(t));
        Instant whole = t.truncatedTo(ChronoUnit.SECONDS);
        String text = IsoTime.basic(t);
        // parsed with t's day remembered (the fast path), and again after another day was written
        assertThat(IsoTime.parseBasic(text)).isEqualTo(whole);
        IsoTime.day(Instant.ofEpochSecond(second < 0 ? 0 : -86_400L));
        assertThat(IsoTime.parseBasic(text)).isEqualTo(whole);
    }

    @Test
    void outsideFourDigitYearsFallsBackOrRefuses() {
        Instant far = Instant.parse("+10000-01-01T00:00:00.5Z");
        assertThat(IsoTime.instant(far)).isEqualTo(far.toString());
        Instant before = Instant.ofEpochSecond(-62167219201L, 5);
        assertThat(IsoTime.instant(before)).isEqualTo(before.toString());
        assertThatThrownBy(() -> IsoTime.basic(far)).isInstanceOf(java.time.DateTimeException.class);
    }

    @Test
    void parseBasicIsStrict() {
        assertThat(IsoTime.parseBasic("20150830T123600Z")).isEqualTo(Instant.parse("2015-08-30T12:36:00Z"));
        assertThat(IsoTime.parseBasic("20160229T000000Z")).isEqualTo(Instant.parse("2016-02-29T00:00:00Z"));
        for (String bad : new String[]{null, "", "20150830T123600", "20150830T123600z", "20150830 123600Z",
                "2015083OT123600Z", "20151330T123600Z", "20150230T123600Z", "20150229T000000Z", "20150830T243600Z",
                "20150830T126000Z", "20150830T123660Z", "20150800T123600Z", "201508301T23600Z", "+0150830T123600Z",
                "20150830T123600ZZ", "２0150830T123600Z"}) {
            assertThat(IsoTime.parseBasic(bad)).as(String.valueOf(bad)).isNull();
        }
    }
}

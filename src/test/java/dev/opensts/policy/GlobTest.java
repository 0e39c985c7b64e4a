package dev.opensts.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The wildcard matcher against a regular expression built from the same pattern, over small alphabets. */
class GlobTest {
    static boolean reference(String pattern, String text) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append("[\\s\\S]*");
                case '?' -> re.append("[\\s\\S]");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString()).matcher(text).matches();
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> patternsAndTexts() {
        Arbitrary<String> pattern = Arbitraries.strings().withChars('a', 'b', '?', '*').ofMaxLength(12);
        Arbitrary<String> text = Arbitraries.strings().withChars('a', 'b', 'c').ofMaxLength(16);
        return Combinators.combine(pattern, text).as(Tuple::of);
    }

    @Property(tries = 3000)
    void agreesWithARegularExpression(@ForAll("patternsAndTexts") Tuple.Tuple2<String, String> t) {
        assertThat(Glob.compile(t.get1()).matches(t.get2())).as("%s ~ %s", t.get1(), t.get2())
                .isEqualTo(reference(t.get1(), t.get2()));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> longChunks() {
        // chunks of 60 to 140 positions: across the automaton's 64-bit words
        Arbitrary<String> chunk = Arbitraries.strings().withChars('a', 'b', '?', '?').ofMinLength(60).ofMaxLength(140);
        Arbitrary<String> text = Arbitraries.strings().withChars('a', 'b').ofMinLength(50).ofMaxLength(300);
        return Combinators.combine(chunk, text).as((c, x) -> Tuple.of("*" + c + "*", x));
    }

    @Property(tries = 500)
    void chunksLongerThanAWordAgreeToo(@ForAll("longChunks") Tuple.Tuple2<String, String> t) {
        assertThat(Glob.compile(t.get1()).matches(t.get2())).isEqualTo(reference(t.get1(), t.get2()));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> longLiteralChunks() {
        // literal chunks longer than SHORT_CHUNK, from two letters so that they recur: the KMP search
        Arbitrary<String> chunk = Arbitraries.strings().withChars('a', 'a', 'a', 'b').ofMinLength(Glob.SHORT_CHUNK + 1)
                .ofMaxLength(90);
        Arbitrary<String> text = Arbitraries.strings().withChars('a', 'a', 'a', 'b').ofMinLength(30).ofMaxLength(400);
        Arbitrary<String> shape = Arbitraries.of("*%s*", "%s*", "*%s", "a*%s*b", "*%s*%s*");
        return Combinators.combine(chunk, text, shape).as((c, x, f) -> Tuple.of(f.replace("%s", c), x));
    }

    @Property(tries = 1000)
    void longLiteralChunksAgreeToo(@ForAll("longLiteralChunks") Tuple.Tuple2<String, String> t) {
        assertThat(Glob.compile(t.get1()).matches(t.get2())).as("%s ~ %s", t.get1(), t.get2())
                .isEqualTo(reference(t.get1(), t.get2()));
    }

    @Property(tries = 1000)
    void kmpFindsWhatIndexOfFinds(@ForAll("longLiteralChunks") Tuple.Tuple2<String, String> t) {
        String c = t.get1().replace("*", "").replace("a*", "");
        String text = t.get2() + c.substring(0, c.length() / 2) + t.get2();
        for (int from = 0; from <= Math.min(text.length(), 40); from += 7) {
            int at = text.indexOf(c, from);
            int expected = at >= 0 && at + c.length() <= text.length() - 3 ? at : -1;
            assertThat(Glob.kmp(text, c, Glob.failureTable(c), from, text.length() - 3)).isEqualTo(expected);
        }
    }

    @Test
    void aLongLiteralChunkAgainstALongValueIsOneScan() {
        // what held the event loop for seconds with indexOf: a chunk of thousands of a's and a b, against a's
        String chunk = "a".repeat(6000) + "b";
        Glob g = Glob.compile("*" + chunk + "*");
        assertThat(g.matches("a".repeat(16_000))).isFalse();
        assertThat(g.matches("a".repeat(16_000) + "b")).isTrue();
        assertThat(g.matches("a".repeat(5999) + "b" + "a".repeat(9000))).isFalse();
    }

    @Test
    void aWildcardChunkIsFoundAtItsLeftmostPlaceAcrossWords() {
        String chunk = "?".repeat(70) + "b" + "?".repeat(70);
        Glob g = Glob.compile("x*" + chunk + "*y");
        assertThat(g.matches("x" + "a".repeat(100) + "b" + "a".repeat(100) + "y")).isTrue();
        assertThat(g.matches("x" + "a".repeat(69) + "b" + "a".repeat(100) + "y")).isFalse();
        assertThat(g.matches("x" + "a".repeat(100) + "b" + "a".repeat(69) + "y")).isFalse();
        // the reviewer's pattern against a long header: one pass, and the right answer
        Glob slow = Glob.compile("*" + "?".repeat(5900) + "b*c");
        assertThat(slow.matches("a".repeat(15000) + "c")).isFalse();
        assertThat(slow.matches("a".repeat(15000) + "b" + "c")).isTrue();
    }
}

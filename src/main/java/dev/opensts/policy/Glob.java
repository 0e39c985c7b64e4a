package dev.opensts.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled wildcard pattern: {@code *} matches any run of characters (including {@code /} and {@code :}),
 * {@code ?} matches exactly one character.
 *
 * <p>Matching never backtracks: the pattern is the literal chunks between stars; the first chunk is anchored at
 * the start, the last at the end, and each middle chunk is taken at its leftmost occurrence after the previous one.
 * Leftmost placement is always safe because any later placement leaves strictly less room for the rest, so the
 * cost is one left-to-right scan per chunk: a pattern such as {@code a*a*a*a*b} is linear in the input.
 * Chunks containing {@code ?} are searched with a bit-parallel automaton (shift-and over the chunk's positions),
 * one pass over the input whatever it holds: the cost is input length times chunk length / 64, never input
 * length times chunk length, which a policy author could otherwise choose to stall a thread with. Literal chunks
 * longer than {@link #SHORT_CHUNK} are searched with Knuth-Morris-Pratt, linear in the input for the same reason
 * ({@code String.indexOf} compares up to input length times chunk length: a chunk of thousands of characters
 * against a value of thousands held the event loop for seconds); shorter ones with {@code indexOf}, which is
 * fastest where that product is small anyway.
 */
final class Glob {
    /** Chunks between stars; {@code chunks.length == stars + 1}. */
    private final String[] chunks;
    /** Per chunk, which positions are a single-character wildcard; null when the chunk has none. */
    private final boolean[][] anyChar;
    /** Per chunk with a wildcard, its automaton; null for literal chunks. */
    private final ShiftAnd[] automata;
    /** Per literal chunk longer than {@link #SHORT_CHUNK}, its KMP failure table; null otherwise. */
    private final int[][] failures;
    /** Literal chunks up to this length are searched with indexOf: at most this many comparisons a character. */
    static final int SHORT_CHUNK = 32;
    private final int minLength;
    private final boolean matchesEverything;

    private Glob(String[] chunks, boolean[][] anyChar) {
        this.chunks = chunks;
        this.anyChar = anyChar;
        int min = 0;
        for (String c : chunks) {
            min += c.length();
        }
        this.minLength = min;
        this.matchesEverything = chunks.length == 2 && chunks[0].isEmpty() && chunks[1].isEmpty();
        this.automata = new ShiftAnd[chunks.length];
        this.failures = new int[chunks.length][];
        for (int k = 0; k < chunks.length; k++) {
            if (anyChar[k] != null) {
                automata[k] = new ShiftAnd(chunks[k], anyChar[k]);
            } else if (chunks[k].length() > SHORT_CHUNK) {
                failures[k] = failureTable(chunks[k]);
            }
        }
    }

    /** Compiles text in which {@code *} and {@code ?} are wildcards and every other character is literal. */
    static Glob compile(String pattern) {
        Builder b = new Builder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> b.star();
                case '?' -> b.anyChar();
                default -> b.literal(c);
            }
        }
        return b.build();
    }

    boolean isLiteral() {
        return chunks.length == 1 && anyChar[0] == null;
    }

    boolean matches(String s) {
        if (matchesEverything) {
            return true;
        }
        int n = s.length();
        if (n < minLength) {
            return false;
        }
        int last = chunks.length - 1;
        if (last == 0) {
            return n == chunks[0].length() && chunkAt(s, 0, 0);
        }
        if (!chunkAt(s, 0, 0)) {
            return false;
        }
        int end = n - chunks[last].length();
        if (!chunkAt(s, end, last)) {
            return false;
        }
        int pos = chunks[0].length();
        for (int k = 1; k < last; k++) {
            int at = find(s, k, pos, end);
            if (at < 0) {
                return false;
            }
            pos = at + chunks[k].length();
        }
        return pos <= end;
    }

    private boolean chunkAt(String s, int at, int k) {
        String c = chunks[k];
        boolean[] any = anyChar[k];
        if (any == null) {
            return s.startsWith(c, at);
        }
        for (int i = 0; i < c.length(); i++) {
            if (!any[i] && s.charAt(at + i) != c.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Leftmost position in [from, limit - len] where chunk k matches, or -1. */
    private int find(String s, int k, int from, int limit) {
        String c = chunks[k];
        int len = c.length();
        if (anyChar[k] == null) {
            if (failures[k] != null) {
                return kmp(s, c, failures[k], from, limit);
            }
            int at = s.indexOf(c, from);
            return at >= 0 && at + len <= limit ? at : -1;
        }
        return automata[k].find(s, from, limit);
    }

    /** For each prefix of the chunk, the length of its longest proper prefix that is also its suffix. */
    static int[] failureTable(String c) {
        int[] f = new int[c.length()];
        for (int i = 1, k = 0; i < c.length(); i++) {
            while (k > 0 && c.charAt(i) != c.charAt(k)) {
                k = f[k - 1];
            }
            if (c.charAt(i) == c.charAt(k)) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }

    /** Leftmost start in [from, limit - c.length()] of the literal chunk c, or -1: each input character once. */
    static int kmp(String s, String c, int[] f, int from, int limit) {
        int m = c.length();
        for (int j = from, k = 0; j < limit; j++) {
            while (k > 0 && s.charAt(j) != c.charAt(k)) {
                k = f[k - 1];
            }
            if (s.charAt(j) == c.charAt(k)) {
                k++;
            }
            if (k == m) {
                return j - m + 1;
            }
        }
        return -1;
    }

    /**
     * Shift-and (bitap) for a chunk with single-character wildcards: bit i of the state says that the chunk's
     * first i + 1 positions match the text ending here. One state update per text character, over
     * ceil(length / 64) words.
     */
    static final class ShiftAnd {
        private final int length;
        private final int words;
        private final long[] wildcards;
        private final java.util.Map<Character, long[]> masks = new java.util.HashMap<>();

        ShiftAnd(String chunk, boolean[] any) {
            this.length = chunk.length();
            this.words = (length + 63) >>> 6;
            this.wildcards = new long[words];
            for (int i = 0; i < length; i++) {
                if (any[i]) {
                    wildcards[i >>> 6] |= 1L << (i & 63);
                }
            }
            for (int i = 0; i < length; i++) {
                if (!any[i]) {
                    masks.computeIfAbsent(chunk.charAt(i), c -> wildcards.clone())[i >>> 6] |= 1L << (i & 63);
                }
            }
        }

        /** Leftmost start in [from, limit - length] of a match, or -1. */
        int find(String s, int from, int limit) {
            if (length == 0) {
                return from <= limit ? from : -1;
            }
            long[] state = new long[words];
            int lastWord = (length - 1) >>> 6;
            long lastBit = 1L << ((length - 1) & 63);
            for (int j = from; j < limit; j++) {
                long[] mask = masks.getOrDefault(s.charAt(j), wildcards);
                long carry = 1; // a match may start at every position
                for (int w = 0; w < words; w++) {
                    long next = (state[w] << 1) | carry;
                    carry = state[w] >>> 63;
                    state[w] = next & mask[w];
                }
                if ((state[lastWord] & lastBit) != 0) {
                    return j - length + 1;
                }
            }
            return -1;
        }
    }

    /** Builds a glob piece by piece so that substituted policy-variable values stay literal. */
    static final class Builder {
        private final List<String> chunks = new ArrayList<>();
        private final List<boolean[]> any = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private final StringBuilder currentAny = new StringBuilder(); // 'y' where the position is '?'
        private boolean hasAny;

        Builder literal(char c) {
            current.append(c);
            currentAny.append('n');
            return this;
        }

        Builder literal(String s) {
            for (int i = 0; i < s.length(); i++) {
                literal(s.charAt(i));
            }
            return this;
        }

        Builder anyChar() {
            current.append('?');
            currentAny.append('y');
            hasAny = true;
            return this;
        }

        Builder star() {
            endChunk();
            return this;
        }

        private void endChunk() {
            chunks.add(current.toString());
            if (hasAny) {
                boolean[] mask = new boolean[currentAny.length()];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = currentAny.charAt(i) == 'y';
                }
                any.add(mask);
            } else {
                any.add(null);
            }
            current.setLength(0);
            currentAny.setLength(0);
            hasAny = false;
        }

        Glob build() {
            endChunk();
            return new Glob(chunks.toArray(String[]::new), any.toArray(boolean[][]::new));
        }
    }
}

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
 * Chunks containing {@code ?} are searched position by position (cost bounded by input length times chunk length).
 */
final class Glob {
    /** Chunks between stars; {@code chunks.length == stars + 1}. */
    private final String[] chunks;
    /** Per chunk, which positions are a single-character wildcard; null when the chunk has none. */
    private final boolean[][] anyChar;
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
            int at = s.indexOf(c, from);
            return at >= 0 && at + len <= limit ? at : -1;
        }
        for (int at = from; at + len <= limit; at++) {
            if (chunkAt(s, at, k)) {
                return at;
            }
        }
        return -1;
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

package dev.opensts.adapter.kafka;

import java.util.Arrays;

/**
 * A minimal JSON writer into a growing byte array, UTF-8, for the one document written per
 * issuance on the hot path (the audit record). It keeps no state but "a comma goes before the
 * next member or element"; callers write a well-formed document. Strings are escaped as RFC 8259
 * requires: quote, backslash and control characters; a lone surrogate, which UTF-8 cannot carry,
 * becomes U+FFFD.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int n;
    private boolean comma;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    JsonBytes startObject() {
        separate();
        put((byte) '{');
        comma = false;
        return this;
    }

    JsonBytes endObject() {
        put((byte) '}');
        comma = true;
        return this;
    }

    JsonBytes startArray() {
        separate();
        put((byte) '[');
        comma = false;
        return this;
    }

    JsonBytes endArray() {
        put((byte) ']');
        comma = true;
        return this;
    }

    /** A member's name; its value comes next. */
    JsonBytes name(String name) {
        separate();
        string(name);
        put((byte) ':');
        comma = false;
        return this;
    }

    JsonBytes field(String name, String value) {
        return name(name).value(value);
    }

    /** A string, or null. */
    JsonBytes value(String s) {
        separate();
        if (s == null) {
            ascii("null");
        } else {
            string(s);
        }
        comma = true;
        return this;
    }

    JsonBytes value(long v) {
        separate();
        ascii(Long.toString(v));
        comma = true;
        return this;
    }

    JsonBytes value(boolean v) {
        separate();
        ascii(v ? "true" : "false");
        comma = true;
        return this;
    }

    JsonBytes nullValue() {
        separate();
        ascii("null");
        comma = true;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, n);
    }

    private void separate() {
        if (comma) {
            put((byte) ',');
        }
    }

    private void string(String s) {
        int len = s.length();
        ensure(len * 6 + 2); // the worst case: every char a \\u escape
        byte[] b = buf;
        int i = n;
        b[i++] = '"';
        for (int k = 0; k < len; k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[i++] = (byte) c;
                } else if (c == '"' || c == '\\') {
                    b[i++] = '\\';
                    b[i++] = (byte) c;
                } else if (c == '\n') {
                    b[i++] = '\\';
                    b[i++] = 'n';
                } else if (c == '\r') {
                    b[i++] = '\\';
                    b[i++] = 'r';
                } else if (c == '\t') {
                    b[i++] = '\\';
                    b[i++] = 't';
                } else {
                    b[i++] = '\\';
                    b[i++] = 'u';
                    b[i++] = '0';
                    b[i++] = '0';
                    b[i++] = HEX[c >> 4];
                    b[i++] = HEX[c & 0xF];
                }
            } else if (c < 0x800) {
                b[i++] = (byte) (0xC0 | (c >> 6));
                b[i++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && k + 1 < len && Character.isLowSurrogate(s.charAt(k + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++k));
                b[i++] = (byte) (0xF0 | (cp >> 18));
                b[i++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[i++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[i++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                b[i++] = (byte) (0xE0 | (cp >> 12));
                b[i++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[i++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        b[i++] = '"';
        n = i;
    }

    private void ascii(String s) {
        int len = s.length();
        ensure(len);
        for (int k = 0; k < len; k++) {
            buf[n++] = (byte) s.charAt(k);
        }
    }

    private void put(byte x) {
        ensure(1);
        buf[n++] = x;
    }

    private void ensure(int more) {
        if (n + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }
}

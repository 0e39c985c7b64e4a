package dev.opensts.adapter.http;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict decoding of the Query protocol's parameters: '%XX' is a byte and the bytes must be UTF-8; in a
 * form body (application/x-www-form-urlencoded) '+' is a space, in a query string it is a plus (RFC 3986), as
 * the signature's canonical query reads it too: the parameters acted on are exactly the ones signed. A
 * malformed escape, invalid UTF-8 or a raw character that a URI cannot carry is the caller's error, never a
 * silent substitution.
 */
final class FormDecoder {
    private FormDecoder() {
    }

    /** The parameters of a query string and a form body (either may be null or empty), in order. */
    static Map<String, List<String>> params(String rawQuery, String formBody) {
        var result = new LinkedHashMap<String, List<String>>();
        decodeInto(rawQuery, result, false);
        decodeInto(formBody, result, true);
        return result;
    }

    static void decodeInto(String encoded, Map<String, List<String>> into, boolean plusIsSpace) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), plusIsSpace);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), plusIsSpace);
            into.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
    }

    /** A form-encoded value: '+' is a space. */
    static String decode(String s) {
        return decode(s, true);
    }

    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return noNul(s);
        }
        var bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw malformed();
                }
                int hi = hex(s.charAt(i + 1));
                int lo = hex(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw malformed();
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        return noNul(utf8(bytes.toByteArray()));
    }

    /**
     * No AWS parameter carries U+0000, and a NUL in an event is a poison pill downstream (PostgreSQL's jsonb
     * refuses it, and the projector would retry that batch forever).
     */
    private static String noNul(String s) {
        if (s.indexOf('\u0000') >= 0) {
            throw new AwsException(ErrorCode.MalformedQueryString,
                    "The request is not well formed: a parameter contains the character U+0000.");
        }
        return s;
    }

    /** The bytes as UTF-8 text; invalid UTF-8 is MalformedQueryString. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed();
        }
    }

    /** A raw query string carries printable ASCII only: anything else must be percent-encoded. */
    static void requireUriCharacters(String rawQuery) {
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw malformed();
            }
        }
    }

    /** ASCII hex only: Character.digit would also accept full-width and other Unicode digits. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static AwsException malformed() {
        return new AwsException(ErrorCode.MalformedQueryString,
                "The request is not well formed: invalid percent-encoding or UTF-8 in a parameter.");
    }
}

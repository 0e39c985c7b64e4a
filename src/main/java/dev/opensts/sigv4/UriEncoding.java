package dev.opensts.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** RFC 3986 percent-encoding as SigV4 defines it: only A-Z a-z 0-9 - _ . ~ stay literal, hex is upper-case. */
final class UriEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {
    }

    static boolean isUnreserved(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                || b == '-' || b == '_' || b == '.' || b == '~';
    }

    /** Encodes every byte of the UTF-8 form except unreserved ones (and '/' when keepSlash). */
    static String encode(String s, boolean keepSlash) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte raw : bytes) {
            int b = raw & 0xff;
            if (isUnreserved(b) || (keepSlash && b == '/')) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >>> 4]).append(HEX[b & 0x0f]);
            }
        }
        return out.toString();
    }

    /**
     * Encodes every byte of a byte string (one char per byte, as {@link #decodeToBytes} returns) except the
     * unreserved ones (and '/' when keepSlash): the canonical form of exactly the bytes that were sent.
     */
    static String encodeBytes(String byteString, boolean keepSlash) {
        StringBuilder out = new StringBuilder(byteString.length() + 16);
        for (int i = 0; i < byteString.length(); i++) {
            int b = byteString.charAt(i) & 0xff;
            if (isUnreserved(b) || (keepSlash && b == '/')) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >>> 4]).append(HEX[b & 0x0f]);
            }
        }
        return out.toString();
    }

    /**
     * The bytes a percent-encoded component stands for, one char per byte (ISO-8859-1), with no character set
     * applied: %FE, %FF and %EF%BF%BD stay three different byte strings, and a '+' stays a plus (RFC 3986; the
     * form encoding's "+ is a space" is not the URI's). A '%' that does not start a two-digit hex escape is
     * refused: a resource service could read it in some other way than the bytes the client signed. A character
     * outside ASCII (which a URI cannot carry) counts as its UTF-8 bytes.
     *
     * @throws SigV4Exception with {@code malformedCode} (400) for a malformed escape
     */
    static String decodeToBytes(String s, String malformedCode) {
        if (s.indexOf('%') < 0 && isAscii(s)) {
            return s;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
                    throw SigV4Errors.malformedEscape(malformedCode);
                }
                out.write(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static int hex(byte c) {
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
}

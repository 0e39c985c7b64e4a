package dev.opensts.policy;

/**
 * An IPv4 or IPv6 network (address plus prefix length). Parsed by hand: {@code InetAddress.getByName} would
 * resolve host names through DNS, which a policy check must never do.
 */
record Cidr(byte[] network, int prefix) {

    /** "203.0.113.0/24", "2001:db8::/32", or a single address (full-length prefix); null if malformed. */
    static Cidr parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        byte[] addr = parseAddress(slash < 0 ? t : t.substring(0, slash));
        if (addr == null) {
            return null;
        }
        int bits = addr.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                return null;
            }
        }
        return new Cidr(addr, prefix);
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false; // IPv4 ranges never match IPv6 addresses and vice versa
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** A literal IPv4 (4 bytes) or IPv6 (16 bytes) address, or null. */
    static byte[] parseAddress(String s) {
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        return parseV4(s);
    }

    private static byte[] parseV4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return null;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String s) {
        if (s.length() > 45) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int[] h = groups(head, gap < 0 || tail.isEmpty());
        int[] t = groups(tail, true);
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int k = 8 - t.length + i;
            out[2 * k] = (byte) (t[i] >> 8);
            out[2 * k + 1] = (byte) t[i];
        }
        return out;
    }

    /** 16-bit groups; an embedded IPv4 address is allowed as the last part when {@code last}. */
    private static int[] groups(String s, boolean last) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int extra = 0;
        if (last && parts[parts.length - 1].indexOf('.') >= 0) {
            extra = 1; // the IPv4 tail takes two groups
        }
        int[] out = new int[parts.length + extra];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (extra == 1 && i == parts.length - 1) {
                byte[] v4 = parseV4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                out[i + 1] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }
}

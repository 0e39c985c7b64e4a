package dev.opensts.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The local addresses of the TCP sockets listening on a port, from Linux's /proc/net/tcp and tcp6, as
 * {@link InetAddress#getHostAddress()} prints them: {@code 127.0.0.1}, {@code 0.0.0.0} for every IPv4
 * address, {@code 0:0:0:0:0:0:0:0} for every address. A JVM's dual-stack socket bound to 127.0.0.1 shows
 * as the IPv4-mapped {@code ::ffff:127.0.0.1}, which reads as 127.0.0.1 here.
 */
public final class ListeningSockets {

    public static final String LOOPBACK_V4 = "127.0.0.1";
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** Empty where /proc/net/tcp does not exist (not Linux). */
    public static Optional<List<String>> addresses(int port) {
        Path v4 = Path.of("/proc/net/tcp");
        if (!Files.isReadable(v4)) {
            return Optional.empty();
        }
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> found = new ArrayList<>();
        for (Path table : List.of(v4, Path.of("/proc/net/tcp6"))) {
            if (!Files.isReadable(table)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(table).stream().skip(1).toList()) {
                    // sl local_address rem_address st ...
                    String[] f = line.trim().split("\\s+");
                    String[] local = f[1].split(":");
                    if (local[1].equals(hexPort) && f[3].equals(LISTEN)) {
                        found.add(decode(local[0]));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.of(found);
    }

    /** The kernel prints each 32-bit word of the address in host byte order (little-endian here). */
    private static String decode(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + i) * 2;
                int value = Integer.parseInt(hex.substring(at, at + 2), 16);
                b[word * 4 + (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 3 - i : i)] = (byte) value;
            }
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress(); // an IPv4-mapped address comes back as IPv4
        } catch (UnknownHostException e) {
            throw new IllegalStateException(hex, e);
        }
    }
}

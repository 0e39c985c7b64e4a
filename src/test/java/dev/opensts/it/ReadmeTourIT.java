package dev.opensts.it;

import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's tour, as written, run by bash with the AWS CLI against a replica: the README is the first thing a
 * user runs, so a change to the service or to the text that breaks it fails here (as EventsDocTest pins
 * docs/events.md). Only the two {@code <printed by run.sh>} placeholders and the endpoint are substituted. Needs
 * the {@code aws} command (.ci/run installs Debian's awscli where it is missing).
 */
class ReadmeTourIT {
    static final Pattern TOUR = Pattern.compile("## A short tour with the AWS CLI\\s+```sh\\n(.*?)\\n```", Pattern.DOTALL);
    static OpenStsCluster cluster;
    static OpenStsProcess replica;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("readme");
        replica = cluster.startReplica("readme-a");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theTourRunsAsWritten() throws Exception {
        Matcher m = TOUR.matcher(Files.readString(Path.of("README.md")));
        assertThat(m.find()).as("README.md has the tour").isTrue();
        String tour = m.group(1);
        assertThat(tour).contains("<printed by run.sh>", "http://127.0.0.1:8080");
        String script = tour.replaceFirst("<printed by run.sh>", cluster.rootAccessKeyId())
                .replaceFirst("<printed by run.sh>", cluster.rootSecretAccessKey())
                .replace("http://127.0.0.1:8080", replica.endpoint().toString());

        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", home.toString()); // no ~/.aws of whoever runs the tests
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            throw new AssertionError("bash is needed to run the README's tour", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("the AWS CLI is needed (apt-get install awscli)").doesNotContain("aws: command not found");

        // the role, the session's identity, the allowed list, and the one refusal the README announces
        assertThat(out).as(out).contains("\"Arn\": \"arn:aws:iam::000000000000:role/reader\"")
                .contains("\"Arn\": \"arn:aws:sts::000000000000:assumed-role/reader/alice\"")
                .contains("\"RoleName\": \"reader\"")
                .contains("AccessDenied");
        assertThat(Pattern.compile("An error occurred").matcher(out).results().count()).as(out).isEqualTo(1);
        assertThat(out).contains("An error occurred (AccessDenied) when calling the CreateUser operation");
    }
}

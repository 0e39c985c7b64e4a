package dev.opensts.sigv4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One folder of the aws-c-auth v4 suite, read from src/test/resources/sigv4-test-suite/v4. */
record VectorCase(String name, Path dir, String accessKeyId, String secret, String token, String region,
                  String service, Instant timestamp, boolean normalize, boolean signBody, boolean omitSessionToken,
                  Duration expires) {

    static Path root() {
        try {
            return Path.of(VectorCase.class.getResource("/sigv4-test-suite/v4").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<VectorCase> all() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory).sorted().map(VectorCase::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VectorCase named(String name) {
        return load(root().resolve(name));
    }

    static VectorCase load(Path dir) {
        String json = read(dir.resolve("context.json"));
        return new VectorCase(dir.getFileName().toString(), dir, string(json, "access_key_id"),
                string(json, "secret_access_key"), string(json, "token"), string(json, "region"),
                string(json, "service"), Instant.parse(string(json, "timestamp")), bool(json, "normalize"),
                bool(json, "sign_body"), bool(json, "omit_session_token"),
                Duration.ofSeconds(Long.parseLong(number(json, "expiration_in_seconds"))));
    }

    String file(String name) {
        return read(dir.resolve(name));
    }

    HttpRequestView request(String name) {
        try {
            return RawHttpRequest.parse(Files.readAllBytes(dir.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SigningCredentials credentials() {
        return new SigningCredentials(accessKeyId, secret, token);
    }

    SigningOptions options() {
        return new SigningOptions(normalize, signBody, omitSessionToken);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // context.json is flat and tiny; a regex keeps the test free of a JSON dependency.
    private static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static boolean bool(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(true|false)").matcher(json);
        return m.find() && m.group(1).equals("true");
    }

    private static String number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? m.group(1) : "0";
    }
}

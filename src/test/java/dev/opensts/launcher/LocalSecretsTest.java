package dev.opensts.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opensts.launcher.LocalSecrets.RootKeyOrigin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secrets.env of the local run, and what the launcher prints about the root key. */
class LocalSecretsTest {

    private static final URI ENDPOINT = URI.create("http://127.0.0.1:18080");

    @TempDir
    Path dir;

    @Test
    void generatedRootSecretIsPrintedByTheFirstStartOnly() throws Exception {
        Path file = dir.resolve("secrets.env");
        LocalSecrets first = LocalSecrets.loadOrGenerate(file, Map.of());
        String id = first.rootAccessKeyId();
        String secret = first.appValues().get(LocalSecrets.ROOT_SECRET);

        assertThat(first.rootKeyOrigin()).isEqualTo(RootKeyOrigin.GENERATED);
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains(LocalSecrets.ROOT_ID + "=" + id)
                .contains(LocalSecrets.ROOT_SECRET + "=" + secret)
                .contains(LocalSecrets.PG_PASSWORD + "=" + first.pgPassword())
                .contains(LocalSecrets.ADMIN_TOKEN + "=").contains(LocalSecrets.KEYRING + "=k1=");
        assertThat(first.pgPassword()).matches("[a-z0-9]{40}");
        assertThat(first.pgPasswordGenerated()).isTrue();
        String firstText = first.rootCredentialsText(ENDPOINT);
        assertThat(firstText).contains(id).contains(secret).contains(file.toString());
        assertThat(count(firstText, secret)).isEqualTo(1);

        LocalSecrets second = LocalSecrets.loadOrGenerate(file, Map.of());
        assertThat(second.rootKeyOrigin()).isEqualTo(RootKeyOrigin.SAVED);
        assertThat(second.appValues()).isEqualTo(first.appValues());
        assertThat(second.pgPassword()).isEqualTo(first.pgPassword());
        assertThat(second.pgPasswordGenerated()).isFalse();
        String secondText = second.rootCredentialsText(ENDPOINT);
        assertThat(secondText).contains(id).contains(file.toString()).contains(LocalSecrets.ROOT_SECRET)
                .doesNotContain(secret);
        assertNoSecret(secondText, second);
    }

    @Test
    void secretsFromTheEnvironmentAreUsedButNeverPrinted() {
        Path file = dir.resolve("secrets.env");
        String envId = RandomSecrets.accessKeyId();
        String envSecret = RandomSecrets.secretAccessKey();
        Map<String, String> env = Map.of(LocalSecrets.ROOT_ID, envId, LocalSecrets.ROOT_SECRET, envSecret,
                LocalSecrets.ADMIN_TOKEN, "admin-token-from-env", LocalSecrets.DECISION_TOKEN, "decision-token-from-env",
                LocalSecrets.KEYRING, "k9=" + RandomSecrets.keyringKey());

        LocalSecrets s = LocalSecrets.loadOrGenerate(file, env);

        assertThat(s.rootKeyOrigin()).isEqualTo(RootKeyOrigin.ENVIRONMENT);
        assertThat(s.appValues()).isEqualTo(env);
        String text = s.rootCredentialsText(ENDPOINT);
        assertThat(text).contains(envId).doesNotContain(envSecret).contains("$" + LocalSecrets.ROOT_SECRET);
        assertNoSecret(text, s);
        // the root key and key ring the environment supplied are not written to disk; its tokens are, so that
        // secrets.env always holds the tokens the service runs with
        Map<String, String> next = LocalSecrets.loadOrGenerate(file, Map.of()).appValues();
        assertThat(next.values()).doesNotContain(envSecret, env.get(LocalSecrets.KEYRING));
        assertThat(next).containsEntry(LocalSecrets.ADMIN_TOKEN, "admin-token-from-env")
                .containsEntry(LocalSecrets.DECISION_TOKEN, "decision-token-from-env");
    }

    @Test
    void aTokenFromTheEnvironmentReplacesTheSavedOneInTheFile() {
        Path file = dir.resolve("secrets.env");
        LocalSecrets first = LocalSecrets.loadOrGenerate(file, Map.of());
        String generatedAdmin = first.appValues().get(LocalSecrets.ADMIN_TOKEN);
        String generatedDecision = first.appValues().get(LocalSecrets.DECISION_TOKEN);
        assertThat(generatedAdmin).hasSize(40);
        assertThat(generatedDecision).hasSize(40).isNotEqualTo(generatedAdmin);

        LocalSecrets second = LocalSecrets.loadOrGenerate(file, Map.of(LocalSecrets.ADMIN_TOKEN, "from-env"));
        assertThat(second.appValues()).containsEntry(LocalSecrets.ADMIN_TOKEN, "from-env")
                .containsEntry(LocalSecrets.DECISION_TOKEN, generatedDecision);
        assertThat(LocalSecrets.loadOrGenerate(file, Map.of()).appValues())
                .containsEntry(LocalSecrets.ADMIN_TOKEN, "from-env").containsEntry(LocalSecrets.DECISION_TOKEN, generatedDecision);
    }

    @Test
    void anOlderLaunchersFileGetsAPostgresPasswordAndLosesItsLooseMode() throws Exception {
        Path file = dir.resolve("secrets.env");
        String id = RandomSecrets.accessKeyId();
        String secret = RandomSecrets.secretAccessKey();
        Files.writeString(file, "# open-sts local secrets\n" + LocalSecrets.ROOT_ID + "=" + id + "\n"
                + LocalSecrets.ROOT_SECRET + "=" + secret + "\n" + LocalSecrets.ADMIN_TOKEN + "=tok\n"
                + LocalSecrets.KEYRING + "=k1=" + RandomSecrets.keyringKey() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        LocalSecrets s = LocalSecrets.loadOrGenerate(file, Map.of());

        assertThat(s.modeTightened()).isTrue();
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(s.rootKeyOrigin()).isEqualTo(RootKeyOrigin.SAVED);
        assertThat(s.rootAccessKeyId()).isEqualTo(id);
        assertThat(s.pgPasswordGenerated()).isTrue();
        assertThat(Files.readString(file)).contains(LocalSecrets.PG_PASSWORD + "=" + s.pgPassword())
                .contains(LocalSecrets.ROOT_SECRET + "=" + secret);
        assertThat(s.rootCredentialsText(ENDPOINT)).doesNotContain(secret);

        LocalSecrets again = LocalSecrets.loadOrGenerate(file, Map.of());
        assertThat(again.modeTightened()).isFalse();
        assertThat(again.pgPasswordGenerated()).isFalse();
        assertThat(again.pgPassword()).isEqualTo(s.pgPassword());
    }

    private static void assertNoSecret(String text, LocalSecrets s) {
        assertThat(text).doesNotContain(s.appValues().get(LocalSecrets.ROOT_SECRET))
                .doesNotContain(s.appValues().get(LocalSecrets.ADMIN_TOKEN))
                .doesNotContain(s.appValues().get(LocalSecrets.DECISION_TOKEN))
                .doesNotContain(s.appValues().get(LocalSecrets.KEYRING).substring(3))
                .doesNotContain(s.pgPassword());
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}

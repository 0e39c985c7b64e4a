package dev.opensts.adapter.kafka;

import dev.opensts.settings.OpenStsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaConnectionTest {

    record Settings(String securityProtocol, String saslMechanism, Optional<String> saslUsername,
                    Optional<String> saslPassword, Optional<Path> caFile) implements OpenStsConfig.Kafka {
        static Settings plaintext() {
            return new Settings("PLAINTEXT", "SCRAM-SHA-512", Optional.empty(), Optional.empty(), Optional.empty());
        }

        Settings protocol(String p) {
            return new Settings(p, saslMechanism, saslUsername, saslPassword, caFile);
        }

        Settings mechanism(String m) {
            return new Settings(securityProtocol, m, saslUsername, saslPassword, caFile);
        }

        Settings user(String u, String pw) {
            return new Settings(securityProtocol, saslMechanism, Optional.ofNullable(u), Optional.ofNullable(pw), caFile);
        }

        Settings ca(Path file) {
            return new Settings(securityProtocol, saslMechanism, saslUsername, saslPassword, Optional.of(file));
        }

        @Override
        public String bootstrapServers() {
            return "kafka:9093";
        }

        @Override
        public Duration writeTimeout() {
            return Duration.ofSeconds(10);
        }
    }

    @Test
    void plaintextByDefaultWithNothingElse() {
        Properties p = KafkaConnection.properties(Settings.plaintext());
        assertThat(p).containsOnly(Map.entry("bootstrap.servers", "kafka:9093"), Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void scramOverTlsAsAStrimziKafkaUser(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Properties p = KafkaConnection.properties(Settings.plaintext().protocol("sasl_ssl").user("opensts", "s3cret").ca(ca));
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.location", ca.toString());
        Map<String, Object> options = jaasOptions(p);
        assertThat(options).containsEntry("username", "opensts").containsEntry("password", "s3cret");
    }

    @Test
    void quotesAndBackslashesInAPasswordSurviveKafkasJaasParser() {
        String password = "a\"b\\c d;e=f}";
        Properties p = KafkaConnection.properties(Settings.plaintext().protocol("SASL_PLAINTEXT")
                .mechanism("scram-sha-256").user("svc\"x", password));
        assertThat(p).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        Map<String, Object> options = jaasOptions(p);
        assertThat(options).containsEntry("username", "svc\"x").containsEntry("password", password);
    }

    @Test
    void refusesWhatWouldBeIgnoredOrCannotWork(@TempDir Path dir) {
        assertThatThrownBy(() -> KafkaConnection.properties(Settings.plaintext().protocol("TLS")))
                .hasMessageContaining("OPENSTS_KAFKA_SECURITY_PROTOCOL").hasMessageContaining("SASL_SSL");
        assertThatThrownBy(() -> KafkaConnection.properties(Settings.plaintext().protocol("SASL_SSL")))
                .hasMessageContaining("needs OPENSTS_KAFKA_SASL_USERNAME and OPENSTS_KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> KafkaConnection.properties(Settings.plaintext().protocol("SASL_SSL").user("u", null)))
                .hasMessageContaining("needs OPENSTS_KAFKA_SASL_USERNAME");
        assertThatThrownBy(() -> KafkaConnection.properties(Settings.plaintext().protocol("SASL_SSL").mechanism("PLAIN")
                .user("u", "p"))).hasMessageContaining("OPENSTS_KAFKA_SASL_MECHANISM");
        // credentials on a protocol that would not send them: refused rather than silently unused
        assertThatThrownBy(() -> KafkaConnection.properties(Settings.plaintext().protocol("SSL").user("u", "hunter2")))
                .hasMessageContaining("used only with").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> KafkaConnection.properties(Settings.plaintext().ca(dir.resolve("ca.crt"))))
                .hasMessageContaining("OPENSTS_KAFKA_CA_FILE is used only with");
        assertThatThrownBy(() -> KafkaConnection.properties(Settings.plaintext().protocol("SSL").ca(dir.resolve("missing.crt"))))
                .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> KafkaConnection.properties(Settings.plaintext().protocol("SSL").ca(dir)))
                .hasMessageContaining("not a readable file");
    }

    @Test
    void noMessageCarriesThePassword() {
        for (Settings s : new Settings[] {Settings.plaintext().protocol("SASL_SSL").mechanism("GSSAPI").user("u", "hunter2"),
                Settings.plaintext().protocol("SASL_SSL").user(null, "hunter2"),
                Settings.plaintext().protocol("PLAINTEXT").user("u", "hunter2")}) {
            assertThatThrownBy(() -> KafkaConnection.properties(s)).hasMessageNotContaining("hunter2");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jaasOptions(Properties p) {
        JaasContext context = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG,
                new Password(p.getProperty(SaslConfigs.SASL_JAAS_CONFIG))));
        AppConfigurationEntry entry = context.configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        return (Map<String, Object>) entry.getOptions();
    }
}

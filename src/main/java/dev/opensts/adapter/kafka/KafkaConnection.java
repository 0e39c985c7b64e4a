package dev.opensts.adapter.kafka;

import dev.opensts.settings.OpenStsConfig;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How every Kafka client of a replica reaches the brokers: the bootstrap servers and the security settings
 * (TLS to the brokers, SASL/SCRAM as a Strimzi {@code KafkaUser}). The producers, the replica consumers, the
 * projector's consumer and the admin client that creates the topics all start from {@link #properties}, so no
 * client can be left talking plaintext when the others do not.
 *
 * <p>The settings are checked before any client exists: an unknown protocol or mechanism, a SASL protocol
 * without a user name and password, credentials or a CA file that would be ignored, or a CA file that cannot be
 * read stop the replica at startup with a message naming the variable, never with the password in it.
 */
public final class KafkaConnection {
    static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256");

    private KafkaConnection() {
    }

    /** Bootstrap servers and security settings for a new client. */
    public static Properties properties(OpenStsConfig config) {
        return properties(config.kafka());
    }

    static Properties properties(OpenStsConfig.Kafka kafka) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        String protocol = kafka.securityProtocol().trim().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("OPENSTS_KAFKA_SECURITY_PROTOCOL must be one of " + sorted(PROTOCOLS)
                    + ", not '" + kafka.securityProtocol() + "'");
        }
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");
        String user = kafka.saslUsername().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        String password = kafka.saslPassword().filter(s -> !s.isEmpty()).orElse(null);
        if (sasl) {
            String mechanism = kafka.saslMechanism().trim().toUpperCase(Locale.ROOT);
            if (!MECHANISMS.contains(mechanism)) {
                throw new IllegalArgumentException("OPENSTS_KAFKA_SASL_MECHANISM must be one of " + sorted(MECHANISMS)
                        + ", not '" + kafka.saslMechanism() + "'");
            }
            if (user == null || password == null) {
                throw new IllegalArgumentException("OPENSTS_KAFKA_SECURITY_PROTOCOL " + protocol
                        + " needs OPENSTS_KAFKA_SASL_USERNAME and OPENSTS_KAFKA_SASL_PASSWORD");
            }
            p.put(SaslConfigs.SASL_MECHANISM, mechanism);
            p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=" + jaasQuoted(user) + " password=" + jaasQuoted(password) + ";");
        } else if (user != null || password != null) {
            throw new IllegalArgumentException("OPENSTS_KAFKA_SASL_USERNAME and OPENSTS_KAFKA_SASL_PASSWORD are"
                    + " used only with OPENSTS_KAFKA_SECURITY_PROTOCOL SASL_PLAINTEXT or SASL_SSL, not " + protocol);
        }
        if (kafka.caFile().isPresent()) {
            var ca = kafka.caFile().get();
            if (!tls) {
                throw new IllegalArgumentException("OPENSTS_KAFKA_CA_FILE is used only with"
                        + " OPENSTS_KAFKA_SECURITY_PROTOCOL SSL or SASL_SSL, not " + protocol);
            }
            if (!Files.isReadable(ca) || Files.isDirectory(ca)) {
                throw new IllegalArgumentException("OPENSTS_KAFKA_CA_FILE " + ca + " is not a readable file");
            }
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.toString());
        }
        return p;
    }

    /** A JAAS option value in double quotes, with {@code \} and {@code "} escaped as the JAAS parser reads them. */
    static String jaasQuoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", new java.util.TreeSet<>(values));
    }
}

package dev.opensts.settings;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One switch for HTTPS on the public listener: when OPENSTS_TLS_CERT_FILE is set, this adds the Quarkus settings
 * that serve the PEM certificate (chain) in it and the PEM key in OPENSTS_TLS_KEY_FILE through the TLS registry
 * (configuration {@value #NAME}, re-read every OPENSTS_TLS_RELOAD_PERIOD, default 1h) on OPENSTS_HTTP_PORT,
 * with no plain-HTTP port at all. Unset, it adds nothing and the listener is plain HTTP.
 *
 * <p>Code rather than application.properties because a TLS registry entry cannot be conditional there: an
 * entry whose files are empty fails start-up even when nothing uses it. The source's ordinal (275) puts it
 * above application.properties and below environment variables, so any QUARKUS_* variable still overrides it.
 * The management interface is not affected: it stays plain HTTP (loopback by default).
 */
public class TlsConfigSourceFactory implements ConfigSourceFactory {
    static final String NAME = "opensts";
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> properties = properties(value(context, "OPENSTS_TLS_CERT_FILE"),
                value(context, "OPENSTS_TLS_KEY_FILE"), value(context, "OPENSTS_TLS_RELOAD_PERIOD"));
        return properties.isEmpty() ? List.of()
                : List.of(new PropertiesConfigSource(properties, "open-sts TLS (OPENSTS_TLS_CERT_FILE)", ORDINAL));
    }

    /** The Quarkus properties for these settings; empty when there is no certificate file. */
    static Map<String, String> properties(String certFile, String keyFile, String reloadPeriod) {
        if (certFile == null) {
            return Map.of();
        }
        if (keyFile == null) {
            throw new IllegalArgumentException("OPENSTS_TLS_CERT_FILE is set but OPENSTS_TLS_KEY_FILE is not: "
                    + "HTTPS needs the certificate's private key (PEM)");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.tls." + NAME + ".key-store.pem.server.cert", certFile);
        p.put("quarkus.tls." + NAME + ".key-store.pem.server.key", keyFile);
        p.put("quarkus.tls." + NAME + ".reload-period", reloadPeriod == null ? "1h" : reloadPeriod);
        p.put("quarkus.http.tls-configuration-name", NAME);
        // HTTPS only: no plain-HTTP listener, and HTTPS on the port plain HTTP would have had
        p.put("quarkus.http.insecure-requests", "disabled");
        p.put("quarkus.http.ssl-port", "${quarkus.http.port}");
        return p;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue().trim();
    }
}

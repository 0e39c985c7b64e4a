package dev.opensts.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsConfigSourceFactoryTest {

    @Test
    void no_certificate_file_adds_nothing() {
        assertThat(TlsConfigSourceFactory.properties(null, null, null)).isEmpty();
        assertThat(TlsConfigSourceFactory.properties(null, "/k.pem", "5m")).isEmpty();
    }

    @Test
    void a_certificate_file_turns_on_https_only_through_the_tls_registry() {
        assertThat(TlsConfigSourceFactory.properties("/tls/tls.crt", "/tls/tls.key", null))
                .containsEntry("quarkus.tls.opensts.key-store.pem.server.cert", "/tls/tls.crt")
                .containsEntry("quarkus.tls.opensts.key-store.pem.server.key", "/tls/tls.key")
                .containsEntry("quarkus.tls.opensts.reload-period", "1h")
                .containsEntry("quarkus.http.tls-configuration-name", "opensts")
                .containsEntry("quarkus.http.insecure-requests", "disabled")
                .containsEntry("quarkus.http.ssl-port", "${quarkus.http.port}")
                .doesNotContainKey("quarkus.management.tls-configuration-name");
        assertThat(TlsConfigSourceFactory.properties("/c", "/k", "10m"))
                .containsEntry("quarkus.tls.opensts.reload-period", "10m");
    }

    @Test
    void a_certificate_without_its_key_stops_the_start() {
        assertThatThrownBy(() -> TlsConfigSourceFactory.properties("/tls/tls.crt", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OPENSTS_TLS_KEY_FILE");
    }
}

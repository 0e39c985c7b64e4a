package dev.opensts.app.sts.webidentity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebIdentityProviderTest {
    static WebIdentityProvider provider(String url) {
        return new WebIdentityProvider("arn:aws:iam::123456789012:oidc-provider/x", url, List.of("sts.amazonaws.com"),
                List.of("ABCDEF0123456789ABCDEF0123456789ABCDEF01"), null);
    }

    @Test
    void theUrlIsKeptAsAwsStoresIt() {
        var p = provider("https://Keycloak.example.com/realms/Main/");
        assertThat(p.url()).isEqualTo("Keycloak.example.com/realms/Main");
        assertThat(p.issuerUrl()).isEqualTo("https://Keycloak.example.com/realms/Main");
        assertThat(p.thumbprints()).containsExactly("abcdef0123456789abcdef0123456789abcdef01");
        assertThat(WebIdentityProvider.normalize("https://token.actions.githubusercontent.com"))
                .isEqualTo("token.actions.githubusercontent.com");
    }

    @Test
    void theIssuerMatchesWithTheHostWithoutCaseAndThePathExactly() {
        var p = provider("keycloak.example.com/realms/Main");
        assertThat(p.isIssuer("https://keycloak.example.com/realms/Main")).isTrue();
        assertThat(p.isIssuer("https://KEYCLOAK.example.com/realms/Main/")).isTrue();
        assertThat(p.isIssuer("keycloak.example.com/realms/Main")).as("no scheme").isFalse();
        assertThat(p.isIssuer("https://keycloak.example.com/realms/Main//")).isFalse();
        assertThat(p.isIssuer(" https://keycloak.example.com/realms/Main")).isFalse();
        assertThat(p.isIssuer("https://keycloak.example.com/realms/main")).isFalse();
        assertThat(p.isIssuer("https://keycloak.example.com/realms/Main/x")).isFalse();
        assertThat(p.isIssuer("http://keycloak.example.com/realms/Main")).isFalse();
        assertThat(p.isIssuer("https://keycloak.example.com:8443/realms/Main")).isFalse();
        assertThat(p.isIssuer(null)).isFalse();
    }

    @Test
    void kubernetesClaimsAreTheSessionTagsEksPodIdentityNames() {
        var k = new VerifiedToken.Kubernetes("team-a", "builder", "sa-uid", null, null);
        assertThat(k.sessionTags()).containsExactly(java.util.Map.entry("kubernetes-namespace", "team-a"),
                java.util.Map.entry("kubernetes-service-account", "builder"));
    }
}

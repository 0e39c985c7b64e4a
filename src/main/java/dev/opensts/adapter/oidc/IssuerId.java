package dev.opensts.adapter.oidc;

import dev.opensts.app.sts.webidentity.WebIdentityProvider;

import java.util.Set;
import java.util.TreeSet;

/**
 * An issuer with the trust and reach it is fetched under: keys are cached per value, so two providers with the same
 * url and different thumbprints or in-cluster settings never share keys fetched under the other's trust.
 */
record IssuerId(String url, Set<String> thumbprints, WebIdentityProvider.InCluster inCluster) {
    static IssuerId of(WebIdentityProvider p) {
        return new IssuerId(p.url(), new TreeSet<>(p.thumbprints()), p.inCluster());
    }

    String issuerUrl() {
        return "https://" + url;
    }
}

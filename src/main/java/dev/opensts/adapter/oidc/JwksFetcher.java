package dev.opensts.adapter.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches an issuer's keys: {@code ISSUER/.well-known/openid-configuration}, its {@code jwks_uri} (https only), then
 * the JWKS, with the JDK {@code HttpClient} asynchronously on a small pool of its own (never the caller's thread),
 * connect and request timeouts, an overall bound, a size limit per document and no redirects. Each fetch builds its
 * own HTTP client with the issuer's TLS rule ({@link ProviderTrust}) and shuts it down when done: fetches are rare
 * (at most one per issuer per refresh interval), and a client kept per issuer would keep a selector thread per
 * provider URL and thumbprint list any tenant ever used. An in-cluster issuer's bearer token is read at each fetch
 * and sent only to the issuer's own scheme, host and port. Of the JWKS, at most {@value #MAX_KEYS_PER_TYPE} RSA and
 * {@value #MAX_KEYS_PER_TYPE} EC keys are kept (AWS's bound), so that no token can be tried against more.
 */
final class JwksFetcher implements AutoCloseable {
    private final OidcTokenVerifier.Limits limits;
    /** Keys of each type (RSA, EC) kept from a JWKS: AWS takes up to 100 of each. */
    static final int MAX_KEYS_PER_TYPE = 100;

    private final ExecutorService pool;

    JwksFetcher(OidcTokenVerifier.Limits limits) {
        this.limits = limits;
        var threads = new AtomicInteger();
        var executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "oidc-fetch-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    /** Discovery, then the JWKS, off the caller's thread; the keys are the JWKS's RSA and EC public keys. */
    CompletableFuture<JWKSet> fetch(IssuerId id) {
        return CompletableFuture.supplyAsync(() -> client(id), pool).thenCompose(client ->
                get(client, id, URI.create(id.issuerUrl() + "/.well-known/openid-configuration"),
                        limits.maxDiscoveryBytes())
                        .thenComposeAsync(discovery -> get(client, id, jwksUri(discovery), limits.maxJwksBytes()),
                                pool)
                        .thenApply(JwksFetcher::publicKeys)
                        .orTimeout(limits.connectTimeout().plus(limits.requestTimeout().multipliedBy(2)).toMillis(),
                                TimeUnit.MILLISECONDS)
                        .whenComplete((keys, failure) -> client.shutdownNow()));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** An HTTP client for one fetch of the issuer, built (reading the CA bundle) on the fetch pool. */
    private HttpClient client(IssuerId id) {
        try {
            var inCluster = id.inCluster();
            return HttpClient.newBuilder()
                    .sslContext(ProviderTrust.context(id.thumbprints(),
                            inCluster == null ? null : inCluster.caBundleFile()))
                    .connectTimeout(limits.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(pool)
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            throw new CompletionException(e);
        }
    }

    private CompletableFuture<String> get(HttpClient client, IssuerId id, URI uri, int maxBytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(limits.requestTimeout())
                .header("Accept", "application/json");
        if (id.inCluster() != null && id.inCluster().bearerTokenFile() != null && sameOrigin(uri, id)) {
            try {
                String bearer = Files.readString(id.inCluster().bearerTokenFile(), StandardCharsets.UTF_8).strip();
                request.header("Authorization", "Bearer " + bearer);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new IOException("cannot read the in-cluster bearer token file "
                        + id.inCluster().bearerTokenFile(), e));
            }
        }
        return client.sendAsync(request.build(), LimitedBody.handler(maxBytes)).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new CompletionException(new IOException(uri + " answered HTTP " + response.statusCode()));
            }
            return new String(response.body(), StandardCharsets.UTF_8);
        });
    }

    private static boolean sameOrigin(URI uri, IssuerId id) {
        URI issuer = URI.create(id.issuerUrl());
        return "https".equalsIgnoreCase(uri.getScheme())
                && Objects.equals(issuer.getHost(), uri.getHost()) && port(issuer) == port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() == -1 ? 443 : uri.getPort();
    }

    private static URI jwksUri(String discovery) {
        try {
            Object uri = JSONObjectUtils.parse(discovery).get("jwks_uri");
            if (!(uri instanceof String s)) {
                throw new CompletionException(new IOException("the discovery document has no jwks_uri"));
            }
            URI jwks = URI.create(s);
            if (!"https".equalsIgnoreCase(jwks.getScheme()) || jwks.getHost() == null) {
                throw new CompletionException(new IOException("jwks_uri is not an https URL"));
            }
            return jwks;
        } catch (ParseException | IllegalArgumentException e) {
            throw new CompletionException(new IOException("the discovery document is not valid JSON", e));
        }
    }

    private static JWKSet publicKeys(String jwks) {
        try {
            List<JWK> all = JWKSet.parse(jwks).getKeys();
            var keys = new java.util.ArrayList<JWK>();
            keys.addAll(all.stream().filter(k -> k.getKeyType() == KeyType.RSA).limit(MAX_KEYS_PER_TYPE)
                    .map(JWK::toPublicJWK).toList());
            keys.addAll(all.stream().filter(k -> k.getKeyType() == KeyType.EC).limit(MAX_KEYS_PER_TYPE)
                    .map(JWK::toPublicJWK).toList());
            return new JWKSet(keys);
        } catch (ParseException e) {
            throw new CompletionException(new IOException("the JWKS document is not valid", e));
        }
    }
}

package dev.opensts.testinfra;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.Principal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID Connect issuer in the test's own process: HTTPS on 127.0.0.1 with a self-signed certificate (trusted by
 * no trust store), serving {@code /.well-known/openid-configuration} and {@code /keys}, counting requests.
 */
public final class TestIssuer implements AutoCloseable {
    public final AtomicInteger discoveryRequests = new AtomicInteger();
    public final AtomicInteger jwksRequests = new AtomicInteger();
    public final AtomicInteger unauthorized = new AtomicInteger();
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    /** What {@code /keys} serves. */
    public volatile JWKSet keys = new JWKSet();
    /** Serves this instead of the JWKS when set. */
    public volatile String jwksOverride;
    /** Serves this instead of the discovery document when set. */
    public volatile String discoveryOverride;
    /** When set, {@code /keys} waits for it before answering. */
    public volatile CountDownLatch jwksGate;
    /** When set, every request must carry {@code Authorization: Bearer <this>}, else 401. */
    public volatile String requiredBearer;
    /** Send bodies chunked (no Content-Length). */
    public volatile boolean chunked;

    public TestIssuer(SelfSignedCertificate certificate) throws Exception {
        this(privateKey(certificate), certificate.certificate());
    }

    /** An issuer serving {@code chain} (leaf first) with the leaf's {@code key}. */
    public TestIssuer(PrivateKey key, X509Certificate... chain) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext(key, chain)));
        server.setExecutor(executor);
        server.createContext("/.well-known/openid-configuration", ex -> {
            discoveryRequests.incrementAndGet();
            if (authorized(ex)) {
                String doc = discoveryOverride != null ? discoveryOverride
                        : "{\"issuer\":\"" + issuerUrl() + "\",\"jwks_uri\":\"" + issuerUrl() + "/keys\","
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}";
                send(ex, 200, doc);
            }
        });
        server.createContext("/keys", ex -> {
            jwksRequests.incrementAndGet();
            CountDownLatch gate = jwksGate;
            if (gate != null) {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (authorized(ex)) {
                send(ex, 200, jwksOverride != null ? jwksOverride : keys.toString(true));
            }
        });
        server.start();
    }

    /** The provider url as AWS stores it: {@code 127.0.0.1:PORT}. */
    public String url() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String issuerUrl() {
        return "https://" + url();
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String required = requiredBearer;
        if (required != null && !("Bearer " + required).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            unauthorized.incrementAndGet();
            send(ex, 401, "{}");
            return false;
        }
        return true;
    }

    private void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static PrivateKey privateKey(SelfSignedCertificate cert) throws Exception {
        String pem = Files.readString(cert.keyFile()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    /** Serves exactly {@code chain}, linked or not (a key store would refuse an unlinked one). */
    private static SSLContext sslContext(PrivateKey key, X509Certificate[] chain) throws Exception {
        var keyManager = new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[] {"server"};
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return "server";
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return "EC".equals(keyType) ? "server" : null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain.clone();
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new KeyManager[] {keyManager}, null, null);
        return ctx;
    }

    @Override
    public void close() {
        CountDownLatch gate = jwksGate;
        if (gate != null) {
            gate.countDown();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}

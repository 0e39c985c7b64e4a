package dev.opensts.adapter.oidc;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The TLS rule for one identity provider's issuer. A served chain is trusted when
 * <ol>
 *   <li>the JVM's default trust store validates it (PKIX: path to a trusted root, validity dates, key usage), or</li>
 *   <li>the provider's in-cluster CA bundle (open-sts extension), used as the only trust anchors, validates it, or</li>
 *   <li>the SHA-1 thumbprint (of the DER encoding) of any certificate in the chain as served is in the provider's
 *       ThumbprintList: AWS's historical rule, which lets a self-signed or private-CA issuer work by adding its
 *       thumbprint, provided every certificate below it in the chain is issued and signed by the next one up
 *       (so appending the public pinned certificate to a chain of one's own does not help). Nothing else about
 *       that chain is checked (neither validity dates nor trust beyond the pinned certificate).</li>
 * </ol>
 * In every case the JDK's {@code HttpClient} still checks that the leaf certificate names the host connected to
 * (HTTPS endpoint identification applies to a plain {@link X509TrustManager}), so a pinned certificate is only
 * accepted for the host it was issued for.
 */
final class ProviderTrust implements X509TrustManager {
    private final List<X509TrustManager> anchors;
    private final Set<String> thumbprints;

    private ProviderTrust(List<X509TrustManager> anchors, Set<String> thumbprints) {
        this.anchors = anchors;
        this.thumbprints = thumbprints;
    }

    /**
     * @param thumbprints lowercase hex SHA-1 thumbprints
     * @param caBundle    a PEM file of CA certificates to trust as well, or null
     */
    static SSLContext context(Set<String> thumbprints, Path caBundle) throws GeneralSecurityException, IOException {
        var anchors = new ArrayList<X509TrustManager>();
        anchors.add(trustManager(null));
        if (caBundle != null) {
            anchors.add(trustManager(keyStoreOf(caBundle)));
        }
        var ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new ProviderTrust(List.copyOf(anchors), Set.copyOf(thumbprints))}, null);
        return ctx;
    }

    static String thumbprint(X509Certificate cert) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty certificate chain");
        }
        for (X509TrustManager anchor : anchors) {
            try {
                anchor.checkServerTrusted(chain, authType);
                return;
            } catch (CertificateException notThisOne) {
                // try the next rule
            }
        }
        for (int pinned = 0; pinned < chain.length; pinned++) {
            if (thumbprints.contains(thumbprint(chain[pinned])) && linked(chain, pinned)) {
                return;
            }
        }
        throw new CertificateException("the issuer's certificate chain is trusted neither by the JVM trust store nor"
                + " by the provider's CA bundle, and no certificate in it has a thumbprint of the provider's"
                + " ThumbprintList");
    }

    /**
     * Whether every certificate below {@code top} is issued and signed by the next one up: without this, anyone
     * could append the (public) pinned certificate to a chain of their own.
     */
    private static boolean linked(X509Certificate[] chain, int top) {
        for (int i = 0; i < top; i++) {
            try {
                if (!chain[i].getIssuerX500Principal().equals(chain[i + 1].getSubjectX500Principal())) {
                    return false;
                }
                chain[i].verify(chain[i + 1].getPublicKey());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("open-sts is a TLS client of identity providers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.stream().flatMap(a -> Arrays.stream(a.getAcceptedIssuers())).toArray(X509Certificate[]::new);
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager");
    }

    private static KeyStore keyStoreOf(Path pem) throws GeneralSecurityException, IOException {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new CertificateException("no certificate in the CA bundle " + pem);
            }
        }
        return store;
    }
}

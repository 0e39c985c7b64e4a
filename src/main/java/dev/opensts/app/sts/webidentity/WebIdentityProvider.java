package dev.opensts.app.sts.webidentity;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An OpenID Connect provider as IAM stores it, plus open-sts's in-cluster extension.
 *
 * @param arn          {@code arn:aws:iam::ACCT:oidc-provider/HOST[/PATH]}
 * @param url          the issuer as AWS stores it: without the scheme, e.g. {@code token.actions.githubusercontent.com}
 *                     (an {@code https://} prefix or a trailing slash given here is removed)
 * @param clientIds    the ClientIDList: a token's {@code aud} (or, failing that, {@code azp}) must be one of them
 * @param thumbprints  the ThumbprintList: SHA-1 thumbprints (40 hex digits, any case) of certificates trusted to
 *                     serve the issuer's discovery document and keys when the JVM trust store does not
 * @param inCluster    open-sts extension: how to reach an in-cluster issuer (a bearer token and a CA); may be null
 */
public record WebIdentityProvider(String arn, String url, List<String> clientIds, List<String> thumbprints,
                                  InCluster inCluster) {

    /**
     * An issuer reachable only inside a cluster (e.g. {@code https://kubernetes.default.svc}): its discovery document
     * and keys are fetched with {@code Authorization: Bearer <contents of bearerTokenFile>} (read at each fetch, as
     * projected tokens rotate; sent only to the issuer's own scheme, host and port) over TLS trusting the
     * certificates of {@code caBundleFile} (PEM) besides the JVM trust store and the thumbprints.
     */
    public record InCluster(Path bearerTokenFile, Path caBundleFile) {
    }

    public WebIdentityProvider {
        url = normalize(url);
        clientIds = List.copyOf(clientIds);
        thumbprints = thumbprints.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    /** The issuer's URL: {@code https://} and the stored url. */
    public String issuerUrl() {
        return "https://" + url;
    }

    /**
     * Whether a token's {@code iss} names this provider: {@code https://} (the scheme in any case), then the url with
     * at most one trailing slash, the host (and port) compared without regard to case, as a DNS name is, the path
     * exactly (as IAM compares provider URLs). Nothing else: no other scheme or none, no space or control character,
     * no second trailing slash.
     */
    public boolean isIssuer(String iss) {
        if (iss == null || !iss.regionMatches(true, 0, "https://", 0, 8)) {
            return false;
        }
        String u = iss.substring(8);
        if (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return key(u).equals(key(url));
    }

    private static String key(String url) {
        int slash = url.indexOf('/');
        return slash < 0 ? url.toLowerCase(Locale.ROOT)
                : url.substring(0, slash).toLowerCase(Locale.ROOT) + url.substring(slash);
    }

    /**
     * A token's {@code iss} in the form AWS stores a provider's url (scheme and trailing slash removed), so that the
     * provider of a token can be looked up in the role's account before the token is verified.
     */
    public static String normalize(String issuer) {
        String u = issuer.trim();
        if (u.regionMatches(true, 0, "https://", 0, 8)) {
            u = u.substring(8);
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}

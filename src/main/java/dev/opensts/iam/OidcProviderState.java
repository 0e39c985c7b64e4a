package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.List;

/**
 * An IAM OpenID Connect provider: the issuer it trusts (url without the scheme, as created), the audiences
 * (client ids) a token may name, the SHA-1 thumbprints (40 hex characters) of certificates trusted for its key
 * endpoint in addition to the JVM's trust store, and its tags.
 */
public record OidcProviderState(String accountId, String url, List<String> clientIds, List<String> thumbprints,
                                List<Tag> tags, Instant createDate) implements AggregateState {
    public String arn() {
        return Arn.iamOidcProvider(accountId, url).toString();
    }

    /** The issuer a token must name: the URL with its scheme. */
    public String issuer() {
        return "https://" + url;
    }

    /** Whether a certificate of this SHA-1 thumbprint (hex, either case) is trusted. */
    public boolean trustsThumbprint(String sha1Hex) {
        return thumbprints.stream().anyMatch(t -> t.equalsIgnoreCase(sha1Hex));
    }
}

package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/**
 * What a caller asks of an OpenID Connect provider. {@code url} is the provider's URL without the scheme (the
 * caller has found the provider by its ARN), except in {@link CreateOidcProvider}, which takes it as given.
 */
public sealed interface OidcProviderCommand {
    String accountId();

    /** url: as the caller gave it, https:// included (checked by the decider). */
    record CreateOidcProvider(String accountId, String url, List<String> clientIds, List<String> thumbprints,
                              List<Tag> tags, Instant at) implements OidcProviderCommand {
    }

    record AddClientId(String accountId, String url, String clientId) implements OidcProviderCommand {
    }

    record RemoveClientId(String accountId, String url, String clientId) implements OidcProviderCommand {
    }

    record UpdateThumbprints(String accountId, String url, List<String> thumbprints) implements OidcProviderCommand {
    }

    record TagOidcProvider(String accountId, String url, List<Tag> tags) implements OidcProviderCommand {
    }

    record UntagOidcProvider(String accountId, String url, List<String> tagKeys) implements OidcProviderCommand {
    }

    record DeleteOidcProvider(String accountId, String url) implements OidcProviderCommand {
    }
}

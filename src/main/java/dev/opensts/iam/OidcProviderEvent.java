package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/**
 * Events of an OpenID Connect provider (stream: its ARN with the host folded to lower case, {@link StreamIds}).
 * {@code url} is the provider's URL without the scheme, as it was created.
 */
public sealed interface OidcProviderEvent extends IamEvent {
    String url();

    @Override
    default String streamId() {
        return StreamIds.oidcProvider(accountId(), url());
    }

    record OidcProviderCreated(String accountId, String url, List<String> clientIds, List<String> thumbprints,
                               List<Tag> tags, Instant createDate) implements OidcProviderEvent {
    }

    record OidcProviderClientIdAdded(String accountId, String url, String clientId) implements OidcProviderEvent {
    }

    record OidcProviderClientIdRemoved(String accountId, String url, String clientId) implements OidcProviderEvent {
    }

    /** The provider's thumbprints replaced by these (possibly none). */
    record OidcProviderThumbprintsUpdated(String accountId, String url, List<String> thumbprints)
            implements OidcProviderEvent {
    }

    record OidcProviderTagged(String accountId, String url, List<Tag> tags) implements OidcProviderEvent {
    }

    record OidcProviderUntagged(String accountId, String url, List<String> tagKeys) implements OidcProviderEvent {
    }

    record OidcProviderDeleted(String accountId, String url) implements OidcProviderEvent {
    }
}

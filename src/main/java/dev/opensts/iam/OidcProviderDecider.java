package dev.opensts.iam;

import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.OidcProviderCommand.*;
import dev.opensts.iam.OidcProviderEvent.*;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The OpenID Connect provider aggregate: decide(command, state) and evolve(state, event), both pure. AWS's rules:
 * an https URL of at most 255 characters, one provider per URL in an account, at most 100 client ids of 1 to 255
 * characters, at most 5 thumbprints of 40 hex characters (none is allowed: AWS no longer requires one), tags as on
 * every IAM entity. Adding a client id it has, or removing one it has not, changes nothing (AWS answers success).
 */
public final class OidcProviderDecider {
    /** AWS's quota ClientIdsPerOpenIdConnectProvider. */
    public static final int MAX_CLIENT_IDS = 100;
    /** AWS's quota ThumbprintsPerOpenIdConnectProvider. */
    public static final int MAX_THUMBPRINTS = 5;
    /** AWS's quota OpenIdConnectProvidersPerAccount. */
    public static final int MAX_PER_ACCOUNT = 100;
    static final int MAX_CLIENT_ID = 255;
    static final int THUMBPRINT_LENGTH = 40;

    private OidcProviderDecider() {
    }

    /**
     * @param state  the provider, or null when the account has none of that URL
     * @param quotas the deployment's IAM quotas (tags)
     */
    public static List<OidcProviderEvent> decide(OidcProviderCommand command, OidcProviderState state,
                                                 Quotas quotas) {
        if (!(command instanceof CreateOidcProvider) && state == null) {
            throw notFound(command.accountId(), switch (command) {
                case AddClientId c -> c.url();
                case RemoveClientId c -> c.url();
                case UpdateThumbprints c -> c.url();
                case TagOidcProvider c -> c.url();
                case UntagOidcProvider c -> c.url();
                case DeleteOidcProvider c -> c.url();
                case CreateOidcProvider c -> c.url();
            });
        }
        return switch (command) {
            case CreateOidcProvider c -> {
                String url = OidcProviderUrl.withoutScheme(c.url());
                if (state != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists, "Provider with url %s already exists.",
                            c.url());
                }
                List<String> clientIds = clientIds(c.clientIds());
                List<String> thumbprints = thumbprints(c.thumbprints());
                List<Tag> tags = Tags.checked(List.of(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new OidcProviderCreated(c.accountId(), url, clientIds, thumbprints, tags, c.at()));
            }
            case AddClientId c -> {
                requireClientId(c.clientId());
                if (state.clientIds().contains(c.clientId())) {
                    yield List.of();
                }
                if (state.clientIds().size() >= MAX_CLIENT_IDS) {
                    throw quota("ClientIdsPerOpenIdConnectProvider", MAX_CLIENT_IDS);
                }
                yield List.of(new OidcProviderClientIdAdded(c.accountId(), state.url(), c.clientId()));
            }
            case RemoveClientId c -> {
                requireClientId(c.clientId());
                yield state.clientIds().contains(c.clientId())
                        ? List.of(new OidcProviderClientIdRemoved(c.accountId(), state.url(), c.clientId()))
                        : List.of();
            }
            case UpdateThumbprints c ->
                    List.of(new OidcProviderThumbprintsUpdated(c.accountId(), state.url(), thumbprints(c.thumbprints())));
            case TagOidcProvider c -> {
                Tags.checked(state.tags(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new OidcProviderTagged(c.accountId(), state.url(), c.tags()));
            }
            case UntagOidcProvider c -> List.of(new OidcProviderUntagged(c.accountId(), state.url(), c.tagKeys()));
            case DeleteOidcProvider c -> List.of(new OidcProviderDeleted(c.accountId(), state.url()));
        };
    }

    /** @return the provider after the event; null once deleted */
    public static OidcProviderState evolve(OidcProviderState s, OidcProviderEvent event) {
        return switch (event) {
            case OidcProviderCreated e -> new OidcProviderState(e.accountId(), e.url(), List.copyOf(e.clientIds()),
                    List.copyOf(e.thumbprints()), List.copyOf(e.tags()), e.createDate());
            case OidcProviderClientIdAdded e -> {
                var ids = new ArrayList<>(s.clientIds());
                ids.add(e.clientId());
                yield new OidcProviderState(s.accountId(), s.url(), List.copyOf(ids), s.thumbprints(), s.tags(),
                        s.createDate());
            }
            case OidcProviderClientIdRemoved e -> new OidcProviderState(s.accountId(), s.url(),
                    s.clientIds().stream().filter(id -> !id.equals(e.clientId())).toList(), s.thumbprints(),
                    s.tags(), s.createDate());
            case OidcProviderThumbprintsUpdated e -> new OidcProviderState(s.accountId(), s.url(), s.clientIds(),
                    List.copyOf(e.thumbprints()), s.tags(), s.createDate());
            case OidcProviderTagged e -> new OidcProviderState(s.accountId(), s.url(), s.clientIds(),
                    s.thumbprints(), Tags.merged(s.tags(), e.tags()), s.createDate());
            case OidcProviderUntagged e -> new OidcProviderState(s.accountId(), s.url(), s.clientIds(),
                    s.thumbprints(), Tags.remove(s.tags(), e.tagKeys()), s.createDate());
            case OidcProviderDeleted e -> null;
        };
    }

    /** AWS's answer for a provider that does not exist. */
    public static AwsException notFound(String accountId, String url) {
        return AwsException.noSuchEntity("OpenIDConnect Provider not found for arn "
                + Arn.iamOidcProvider(accountId, url) + ".");
    }

    /** The client ids, checked, each once (first occurrence kept: client ids compare exactly). */
    private static List<String> clientIds(List<String> given) {
        var ids = new LinkedHashSet<String>();
        for (String id : given == null ? List.<String>of() : given) {
            requireClientId(id);
            ids.add(id);
        }
        if (ids.size() > MAX_CLIENT_IDS) {
            throw quota("ClientIdsPerOpenIdConnectProvider", MAX_CLIENT_IDS);
        }
        return List.copyOf(ids);
    }

    /** The thumbprints, checked, each once (hex compares without regard to case; the first spelling is kept). */
    private static List<String> thumbprints(List<String> given) {
        var seen = new LinkedHashSet<String>();
        var kept = new ArrayList<String>();
        for (String t : given == null ? List.<String>of() : given) {
            if (t == null || t.length() != THUMBPRINT_LENGTH) {
                throw AwsException.of(ErrorCode.ValidationError, "1 validation error detected: Value at "
                        + "'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must "
                        + "have length less than or equal to 40, Member must have length greater than or equal to 40]");
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                    throw AwsException.of(ErrorCode.InvalidInput, "Thumbprint %s is not a hex-encoded SHA-1 hash.", t);
                }
            }
            if (seen.add(t.toLowerCase(Locale.ROOT))) {
                kept.add(t);
            }
        }
        if (kept.size() > MAX_THUMBPRINTS) {
            throw quota("ThumbprintsPerOpenIdConnectProvider", MAX_THUMBPRINTS);
        }
        return List.copyOf(kept);
    }

    private static void requireClientId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_CLIENT_ID) {
            throw AwsException.of(ErrorCode.ValidationError, "1 validation error detected: Value at 'clientID' "
                    + "failed to satisfy constraint: Member must have length %s", id == null || id.isEmpty()
                    ? "greater than or equal to 1" : "less than or equal to " + MAX_CLIENT_ID);
        }
    }

    private static AwsException quota(String name, int limit) {
        return AwsException.of(ErrorCode.LimitExceeded, "Cannot exceed quota for %s: %d", name, limit);
    }
}

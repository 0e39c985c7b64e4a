package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.OidcProviderCommand;
import dev.opensts.iam.OidcProviderDecider;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.OidcProviderUrl;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.function.Function;

/**
 * The IAM OpenID Connect provider use cases. Each is authorized with its {@code iam:} action on the provider's
 * ARN; a provider is found by its ARN in the caller's account (the host in any case, the path exactly); another
 * account's provider is refused (AccessDenied) as another account's policy is.
 */
public final class OidcProviders {
    /** What CreateOpenIDConnectProvider takes; null lists are absent from the request. */
    public record NewProvider(String url, List<String> clientIds, List<String> thumbprints, List<Tag> tags) {
    }

    private final IamContext iam;

    public OidcProviders(IamContext iam) {
        this.iam = iam;
    }

    public Uni<OidcProviderState> create(Caller c, NewProvider p, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            // the host folded to lower case before anything is decided: the provider is stored, named and authorized
            // under one spelling, so that a Deny on its ARN cannot be stepped around by writing the host otherwise
            String url = OidcProviderUrl.key(OidcProviderUrl.withoutScheme(p.url()));
            List<Tag> tags = p.tags() == null ? List.of() : p.tags();
            var command = new OidcProviderCommand.CreateOidcProvider(account, "https://" + url, orEmpty(p.clientIds()),
                    orEmpty(p.thumbprints()), tags, iam.clock().instant());
            iam.authorizer().require(c, "iam:CreateOpenIDConnectProvider", Arn.iamOidcProvider(account, url).toString(),
                    IamRequestKeys.of(command));
            return iam.bus().<OidcProviderState>execute(StreamIds.oidcProvider(account, url), s -> {
                if (s == null) {
                    Entities.requireRoomFor(iam.view().count(account, "oidc-provider"),
                            OidcProviderDecider.MAX_PER_ACCOUNT, "OpenIdConnectProvidersPerAccount");
                }
                return OidcProviderDecider.decide(command, s, iam.quotas());
            }, c.actor(), requestId).map(x -> iam.view().oidcProvider(account, url));
        });
    }

    public Uni<OidcProviderState> get(Caller c, String providerArn) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:GetOpenIDConnectProvider", canonical(providerArn));
            return existing(c.accountId(), providerArn);
        });
    }

    /** The caller's account's providers, in the order of their case-folded ARNs. */
    public Uni<List<OidcProviderState>> list(Caller c) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListOpenIDConnectProviders",
                    Arn.iamOidcProvider(c.accountId(), "*").toString());
            return iam.view().oidcProviders(c.accountId());
        });
    }

    /** ListOpenIDConnectProviderTags: the provider's tags, as ListRoleTags answers a role's (paged by key). */
    public Uni<List<Tag>> tags(Caller c, String providerArn) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListOpenIDConnectProviderTags", canonical(providerArn));
            return existing(c.accountId(), providerArn).tags();
        });
    }

    public Uni<Void> delete(Caller c, String providerArn, String requestId) {
        return change(c, "iam:DeleteOpenIDConnectProvider", providerArn,
                url -> new OidcProviderCommand.DeleteOidcProvider(c.accountId(), url), requestId);
    }

    public Uni<Void> addClientId(Caller c, String providerArn, String clientId, String requestId) {
        return change(c, "iam:AddClientIDToOpenIDConnectProvider", providerArn,
                url -> new OidcProviderCommand.AddClientId(c.accountId(), url, clientId), requestId);
    }

    public Uni<Void> removeClientId(Caller c, String providerArn, String clientId, String requestId) {
        return change(c, "iam:RemoveClientIDFromOpenIDConnectProvider", providerArn,
                url -> new OidcProviderCommand.RemoveClientId(c.accountId(), url, clientId), requestId);
    }

    public Uni<Void> updateThumbprints(Caller c, String providerArn, List<String> thumbprints, String requestId) {
        return change(c, "iam:UpdateOpenIDConnectProviderThumbprint", providerArn,
                url -> new OidcProviderCommand.UpdateThumbprints(c.accountId(), url, orEmpty(thumbprints)), requestId);
    }

    public Uni<Void> tag(Caller c, String providerArn, List<Tag> tags, String requestId) {
        return change(c, "iam:TagOpenIDConnectProvider", providerArn,
                url -> new OidcProviderCommand.TagOidcProvider(c.accountId(), url, orEmpty(tags)), requestId);
    }

    public Uni<Void> untag(Caller c, String providerArn, List<String> tagKeys, String requestId) {
        return change(c, "iam:UntagOpenIDConnectProvider", providerArn,
                url -> new OidcProviderCommand.UntagOidcProvider(c.accountId(), url, orEmpty(tagKeys)), requestId);
    }

    /** Authorizes the action on the ARN (with the command's request keys), then runs the command on that provider. */
    private Uni<Void> change(Caller c, String action, String providerArn,
                             Function<String, OidcProviderCommand> commandFor, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String url = urlOf(providerArn);
            OidcProviderCommand command = commandFor.apply(url);
            iam.authorizer().require(c, action, canonical(providerArn), IamRequestKeys.of(command));
            requireOwnAccount(c.accountId(), providerArn);
            return iam.bus().<OidcProviderState>execute(StreamIds.oidcProvider(c.accountId(), url),
                    s -> OidcProviderDecider.decide(command, s, iam.quotas()), c.actor(), requestId);
        });
    }

    private OidcProviderState existing(String account, String providerArn) {
        String url = urlOf(providerArn);
        requireOwnAccount(account, providerArn);
        OidcProviderState p = iam.view().oidcProvider(account, url);
        if (p == null) {
            throw OidcProviderDecider.notFound(account, url);
        }
        return p;
    }

    /**
     * The URL (without scheme, the host in lower case: how providers are stored) an OpenID Connect provider ARN
     * names; InvalidInput for any other text.
     */
    private static String urlOf(String providerArn) {
        return OidcProviderUrl.key(parse(providerArn).oidcProviderUrl());
    }

    /**
     * The ARN the caller names, spelled as the provider is stored (the host in lower case), what every action is
     * authorized on: a policy naming the provider's ARN applies whatever case the caller writes the host in.
     */
    private static String canonical(String providerArn) {
        return Arn.iamOidcProvider(parse(providerArn).account(), urlOf(providerArn)).toString();
    }

    private static Arn parse(String providerArn) {
        Arn arn = Arn.parseIamOidcProvider(providerArn);
        if (arn == null) {
            throw new AwsException(ErrorCode.InvalidInput, "ARN " + providerArn + " is not valid.");
        }
        return arn;
    }

    /** Another account's provider is not found (the authorizer has refused anyone but that account already). */
    private static void requireOwnAccount(String account, String providerArn) {
        if (!Arn.parse(providerArn).account().equals(account)) {
            throw OidcProviderDecider.notFound(Arn.parse(providerArn).account(), urlOf(providerArn));
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}

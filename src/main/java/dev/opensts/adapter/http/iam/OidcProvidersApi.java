package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.OidcProviders;
import dev.opensts.iam.OidcProviderState;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The OpenID Connect provider actions: Query input to the use case's request, its result to the output shape. */
final class OidcProvidersApi {
    private static final String ARN = "OpenIDConnectProviderArn";

    private final OidcProviders providers;

    OidcProvidersApi(OidcProviders providers) {
        this.providers = providers;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateOpenIDConnectProvider", (c, in, rid) -> providers.create(c, new OidcProviders.NewProvider(
                in.string("Url"), in.strings("ClientIDList"), in.strings("ThumbprintList"),
                Inputs.tags(in)), rid).map(OidcProvidersApi::created));
        actions.put("GetOpenIDConnectProvider", (c, in, rid) -> providers.get(c, in.string(ARN))
                .map(OidcProvidersApi::provider));
        actions.put("ListOpenIDConnectProviders", (c, in, rid) -> providers.list(c)
                .map(list -> Map.of("OpenIDConnectProviderList",
                        list.stream().map(p -> Map.<String, Object>of("Arn", p.arn())).toList())));
        actions.put("DeleteOpenIDConnectProvider", (c, in, rid) -> providers.delete(c, in.string(ARN), rid)
                .map(Inputs::none));
        actions.put("AddClientIDToOpenIDConnectProvider", (c, in, rid) -> providers.addClientId(c, in.string(ARN),
                in.string("ClientID"), rid).map(Inputs::none));
        actions.put("RemoveClientIDFromOpenIDConnectProvider", (c, in, rid) -> providers.removeClientId(c,
                in.string(ARN), in.string("ClientID"), rid).map(Inputs::none));
        actions.put("UpdateOpenIDConnectProviderThumbprint", (c, in, rid) -> providers.updateThumbprints(c,
                in.string(ARN), in.strings("ThumbprintList"), rid).map(Inputs::none));
        actions.put("TagOpenIDConnectProvider", (c, in, rid) -> providers.tag(c, in.string(ARN), Inputs.tags(in), rid)
                .map(Inputs::none));
        actions.put("UntagOpenIDConnectProvider", (c, in, rid) -> providers.untag(c, in.string(ARN),
                in.strings("TagKeys"), rid).map(Inputs::none));
        actions.put("ListOpenIDConnectProviderTags", (c, in, rid) -> providers.tags(c, in.string(ARN))
                .map(tags -> Page.of(tags, t -> t.key().toLowerCase(Locale.ROOT), Shapes::tag, in.string("Marker"),
                        in.integer("MaxItems"), "Tags")));
    }

    private static Map<String, Object> created(OidcProviderState p) {
        var m = new LinkedHashMap<String, Object>();
        m.put(ARN, p.arn());
        if (!p.tags().isEmpty()) {
            m.put("Tags", Shapes.tags(p.tags()));
        }
        return m;
    }

    /** GetOpenIDConnectProviderResponse: the URL without its scheme, as IAM answers it. */
    private static Map<String, Object> provider(OidcProviderState p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Url", p.url());
        m.put("ClientIDList", p.clientIds());
        m.put("ThumbprintList", p.thumbprints());
        m.put("CreateDate", p.createDate());
        if (!p.tags().isEmpty()) {
            m.put("Tags", Shapes.tags(p.tags()));
        }
        return m;
    }
}

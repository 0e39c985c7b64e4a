package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.PolicyVersions;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A managed policy's versions and tags: Query input to the use case's request, its result to the output shape. */
final class PolicyVersionsApi {
    private final PolicyVersions versions;

    PolicyVersionsApi(PolicyVersions versions) {
        this.versions = versions;
    }

    void register(Map<String, Handler> actions) {
        actions.put("GetPolicyVersion", (c, in, rid) -> versions.version(c, in.string("PolicyArn"),
                in.string("VersionId")).map(v -> Map.of("PolicyVersion", version(v, true))));
        actions.put("ListPolicyVersions", (c, in, rid) -> versions.versions(c, in.string("PolicyArn"))
                .map(list -> Page.of(list, PolicyVersionsApi::newestFirst, v -> version(v, false),
                        in.string("Marker"), in.integer("MaxItems"), "Versions")));
        actions.put("CreatePolicyVersion", (c, in, rid) -> versions.create(c, in.string("PolicyArn"),
                        in.string("PolicyDocument"), Boolean.TRUE.equals(in.bool("SetAsDefault")), rid)
                .map(v -> Map.of("PolicyVersion", version(v, false))));
        actions.put("SetDefaultPolicyVersion", (c, in, rid) -> versions.setDefault(c, in.string("PolicyArn"),
                in.string("VersionId"), rid).map(Inputs::none));
        actions.put("DeletePolicyVersion", (c, in, rid) -> versions.delete(c, in.string("PolicyArn"),
                in.string("VersionId"), rid).map(Inputs::none));
        actions.put("TagPolicy", (c, in, rid) -> versions.tag(c, in.string("PolicyArn"), Inputs.tags(in), rid)
                .map(Inputs::none));
        actions.put("UntagPolicy", (c, in, rid) -> versions.untag(c, in.string("PolicyArn"), in.strings("TagKeys"),
                rid).map(Inputs::none));
        actions.put("ListPolicyTags", (c, in, rid) -> versions.tags(c, in.string("PolicyArn"))
                .map(tags -> Page.of(tags, t -> t.key().toLowerCase(Locale.ROOT), Shapes::tag, in.string("Marker"),
                        in.integer("MaxItems"), "Tags")));
    }

    /**
     * A PolicyVersion; its Document only where AWS returns one (GetPolicyVersion), not in CreatePolicyVersion's or
     * ListPolicyVersions' answers.
     */
    static Map<String, Object> version(PolicyVersions.VersionOf v, boolean withDocument) {
        var m = new LinkedHashMap<String, Object>();
        if (withDocument) {
            m.put("Document", Shapes.encodeDocument(v.version().document()));
        }
        m.put("VersionId", v.version().versionId());
        m.put("IsDefaultVersion", v.isDefault());
        m.put("CreateDate", v.version().createDate());
        return m;
    }

    /** The paging key of a version: newest (highest number) first, as AWS lists them; ids are v1, v2, ... */
    private static String newestFirst(PolicyVersions.VersionOf v) {
        String id = v.version().versionId();
        long n;
        try {
            n = Long.parseLong(id.substring(1));
        } catch (RuntimeException e) {
            n = 0;
        }
        return String.format(Locale.ROOT, "%019d", Long.MAX_VALUE - n);
    }
}

package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.InstanceProfiles;
import dev.opensts.iam.InstanceProfileState;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The instance profile actions: Query input to the use case's request, its result to the output shape. */
final class InstanceProfilesApi {
    private static final String NAME = "InstanceProfileName";

    private final InstanceProfiles profiles;

    InstanceProfilesApi(InstanceProfiles profiles) {
        this.profiles = profiles;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateInstanceProfile", (c, in, rid) -> profiles.create(c, new InstanceProfiles.NewProfile(
                in.string(NAME), in.string("Path"), Inputs.tags(in)), rid)
                .map(p -> Map.of("InstanceProfile", profile(p))));
        actions.put("GetInstanceProfile", (c, in, rid) -> profiles.get(c, in.string(NAME))
                .map(p -> Map.of("InstanceProfile", profile(p))));
        actions.put("ListInstanceProfiles", (c, in, rid) -> profiles.list(c, in.string("PathPrefix"))
                .map(list -> Page.of(list, InstanceProfilesApi::key, InstanceProfilesApi::profile,
                        in.string("Marker"), in.integer("MaxItems"), "InstanceProfiles")));
        actions.put("ListInstanceProfilesForRole", (c, in, rid) -> profiles.forRole(c, in.string("RoleName"))
                .map(list -> Page.of(list, InstanceProfilesApi::key, InstanceProfilesApi::profile,
                        in.string("Marker"), in.integer("MaxItems"), "InstanceProfiles")));
        actions.put("DeleteInstanceProfile", (c, in, rid) -> profiles.delete(c, in.string(NAME), rid)
                .map(Inputs::none));
        actions.put("AddRoleToInstanceProfile", (c, in, rid) -> profiles.addRole(c, in.string(NAME),
                in.string("RoleName"), rid).map(Inputs::none));
        actions.put("RemoveRoleFromInstanceProfile", (c, in, rid) -> profiles.removeRole(c, in.string(NAME),
                in.string("RoleName"), rid).map(Inputs::none));
        actions.put("TagInstanceProfile", (c, in, rid) -> profiles.tag(c, in.string(NAME), Inputs.tags(in), rid)
                .map(Inputs::none));
        actions.put("UntagInstanceProfile", (c, in, rid) -> profiles.untag(c, in.string(NAME),
                in.strings("TagKeys"), rid).map(Inputs::none));
        actions.put("ListInstanceProfileTags", (c, in, rid) -> profiles.tags(c, in.string(NAME))
                .map(tags -> Page.of(tags, t -> t.key().toLowerCase(Locale.ROOT), Shapes::tag, in.string("Marker"),
                        in.integer("MaxItems"), "Tags")));
    }

    private static String key(InstanceProfiles.Profile p) {
        return p.state().instanceProfileName().toLowerCase(Locale.ROOT);
    }

    /** The InstanceProfile shape: its roles as ListRoles shows a role, its tags when it has some. */
    private static Object profile(InstanceProfiles.Profile p) {
        InstanceProfileState s = p.state();
        var m = new LinkedHashMap<String, Object>();
        m.put("Path", s.path());
        m.put("InstanceProfileName", s.instanceProfileName());
        m.put("InstanceProfileId", s.instanceProfileId());
        m.put("Arn", s.arn());
        m.put("CreateDate", s.createDate());
        m.put("Roles", p.roles().stream().map(r -> Shapes.role(r, false)).toList());
        if (!s.tags().isEmpty()) {
            m.put("Tags", Shapes.tags(s.tags()));
        }
        return m;
    }
}

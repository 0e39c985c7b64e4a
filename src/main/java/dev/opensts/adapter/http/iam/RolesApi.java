package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.iam.RoleChange;
import dev.opensts.app.iam.Roles;
import io.smallrye.mutiny.Uni;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The role actions: Query input to the use case's request, its result to the output shape. */
final class RolesApi {
    private final Roles roles;

    RolesApi(Roles roles) {
        this.roles = roles;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateRole", (c, in, rid) -> roles.create(c, new Roles.NewRole(in.string("RoleName"),
                        in.string("Path"), in.string("AssumeRolePolicyDocument"), in.string("Description"),
                        in.integer("MaxSessionDuration"), Inputs.tags(in), in.string("PermissionsBoundary")), rid)
                .map(r -> Map.of("Role", Shapes.role(r, true))));
        actions.put("GetRole", (c, in, rid) -> roles.get(c, in.string("RoleName"))
                .map(r -> Map.of("Role", Shapes.role(r, true))));
        actions.put("ListRoles", (c, in, rid) -> roles.list(c, in.string("PathPrefix"))
                .map(list -> Page.of(list, r -> r.roleName().toLowerCase(Locale.ROOT), r -> Shapes.role(r, false),
                        in.string("Marker"), in.integer("MaxItems"), "Roles")));
        actions.put("ListRoleTags", (c, in, rid) -> roles.tags(c, in.string("RoleName"))
                .map(tags -> Page.of(tags, t -> t.key().toLowerCase(Locale.ROOT), Shapes::tag, in.string("Marker"),
                        in.integer("MaxItems"), "Tags")));
        actions.put("GetRolePolicy", (c, in, rid) -> roles.inlinePolicy(c, in.string("RoleName"),
                in.string("PolicyName")).map(Shapes::rolePolicy));
        actions.put("ListRolePolicies", (c, in, rid) -> roles.inlinePolicyNames(c, in.string("RoleName"))
                .map(names -> Page.of(names, n -> n, n -> n, in.string("Marker"), in.integer("MaxItems"),
                        "PolicyNames")));
        actions.put("ListAttachedRolePolicies", (c, in, rid) -> roles.attachedPolicies(c, in.string("RoleName"),
                        in.string("PathPrefix"))
                .map(arns -> Page.of(arns, a -> a, Shapes::attached, in.string("Marker"), in.integer("MaxItems"),
                        "AttachedPolicies")));
        actions.put("UpdateRoleDescription", (c, in, rid) -> roles.updateDescription(c, in.string("RoleName"),
                in.string("Description"), rid).map(r -> Map.of("Role", Shapes.role(r, true))));

        change(actions, "UpdateRole", in -> new RoleChange.Update(in.string("RoleName"), in.string("Description"),
                in.integer("MaxSessionDuration")));
        change(actions, "UpdateAssumeRolePolicy", in -> new RoleChange.UpdateTrustPolicy(in.string("RoleName"),
                in.string("PolicyDocument")));
        change(actions, "DeleteRole", in -> new RoleChange.Delete(in.string("RoleName")));
        change(actions, "TagRole", in -> new RoleChange.AddTags(in.string("RoleName"), Inputs.tags(in)));
        change(actions, "UntagRole", in -> new RoleChange.RemoveTags(in.string("RoleName"), in.strings("TagKeys")));
        change(actions, "PutRolePolicy", in -> new RoleChange.PutInlinePolicy(in.string("RoleName"),
                in.string("PolicyName"), in.string("PolicyDocument")));
        change(actions, "DeleteRolePolicy", in -> new RoleChange.DeleteInlinePolicy(in.string("RoleName"),
                in.string("PolicyName")));
        change(actions, "AttachRolePolicy", in -> new RoleChange.AttachPolicy(in.string("RoleName"),
                in.string("PolicyArn")));
        change(actions, "DetachRolePolicy", in -> new RoleChange.DetachPolicy(in.string("RoleName"),
                in.string("PolicyArn")));
        change(actions, "PutRolePermissionsBoundary", in -> new RoleChange.PutPermissionsBoundary(
                in.string("RoleName"), in.string("PermissionsBoundary")));
        change(actions, "DeleteRolePermissionsBoundary", in -> new RoleChange.DeletePermissionsBoundary(
                in.string("RoleName")));
    }

    private void change(Map<String, Handler> actions, String action, Function<QueryInput, RoleChange> request) {
        actions.put(action, (c, in, rid) -> roles.change(c, request.apply(in), rid).map(Inputs::none));
    }
}

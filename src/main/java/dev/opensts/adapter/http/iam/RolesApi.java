package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.auth.Caller;
import dev.opensts.app.iam.IamRequestKeys;
import dev.opensts.app.iam.TrustPrincipals;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleCommand.*;
import dev.opensts.iam.RoleCommand;
import dev.opensts.iam.RoleDecider;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Roles, their trust policies, tags, inline and attached policies. */
final class RolesApi {
    private final Deps d;

    RolesApi(Deps deps) {
        this.d = deps;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateRole", this::createRole);
        actions.put("GetRole", this::getRole);
        actions.put("ListRoles", this::listRoles);
        actions.put("UpdateRole", this::updateRole);
        actions.put("UpdateAssumeRolePolicy", this::updateAssumeRolePolicy);
        actions.put("DeleteRole", this::deleteRole);
        actions.put("TagRole", this::tagRole);
        actions.put("UntagRole", this::untagRole);
        actions.put("ListRoleTags", this::listRoleTags);
        actions.put("PutRolePolicy", this::putRolePolicy);
        actions.put("GetRolePolicy", this::getRolePolicy);
        actions.put("ListRolePolicies", this::listRolePolicies);
        actions.put("DeleteRolePolicy", this::deleteRolePolicy);
        actions.put("AttachRolePolicy", this::attachRolePolicy);
        actions.put("DetachRolePolicy", this::detachRolePolicy);
        actions.put("ListAttachedRolePolicies", this::listAttachedRolePolicies);
        actions.put("PutRolePermissionsBoundary", this::putRolePermissionsBoundary);
        actions.put("DeleteRolePermissionsBoundary", this::deleteRolePermissionsBoundary);
    }

    /** The role's ARN for authorization: its real path when it exists, "/" otherwise. */
    private String arn(Caller c, String roleName) {
        RoleState r = d.view().role(c.accountId(), roleName);
        return r != null ? r.arn() : Arn.iamRole(c.accountId(), "/", roleName).toString();
    }

    private RoleState existing(Caller c, String roleName) {
        RoleState r = d.view().role(c.accountId(), roleName);
        if (r == null) {
            throw AwsException.noSuchEntity("The role with name " + roleName + " cannot be found.");
        }
        return r;
    }

    private Uni<Map<String, Object>> run(Caller c, String action, String roleName, RoleCommand command,
                                         String requestId, Function<RoleState, Map<String, Object>> answer) {
        d.authorizer().require(c, "iam:" + action, arn(c, roleName), IamRequestKeys.of(command));
        return d.bus().<RoleState>execute(StreamIds.role(c.accountId(), roleName),
                        state -> RoleDecider.decide(command, state, d.quotas()), requestId)
                .map(x -> answer.apply(d.view().role(c.accountId(), roleName)));
    }

    private Uni<Map<String, Object>> createRole(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        String path = Inputs.path(in);
        Integer max = in.integer("MaxSessionDuration");
        String trust = in.string("AssumeRolePolicyDocument");
        String boundaryArn = in.string("PermissionsBoundary");
        d.authorizer().require(c, "iam:CreateRole", Arn.iamRole(c.accountId(), path, name).toString(), IamRequestKeys.of(
                new CreateRole(c.accountId(), name, "", path, trust, null, 0, Inputs.tags(in), null, boundaryArn, null)));
        var cmd = new CreateRole(c.accountId(), name, d.ids().uniqueId("AROA"), path, trust,
                in.string("Description"), max == null ? 3600 : max, Inputs.tags(in), d.clock().instant(),
                Inputs.boundary(d.view(), c.accountId(), boundaryArn), TrustPrincipals.resolve(d.view(), trust));
        return d.bus().<RoleState>execute(StreamIds.role(c.accountId(), name), s -> {
                    if (s == null) {
                        d.requireRoomFor(c.accountId(), "role", d.quotas().rolesPerAccount(), "RolesPerAccount");
                    }
                    return RoleDecider.decide(cmd, s, d.quotas());
                }, rid)
                .map(x -> Map.of("Role", Shapes.role(d.view().role(c.accountId(), name), true)));
    }

    private Uni<Map<String, Object>> getRole(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        d.authorizer().require(c, "iam:GetRole", arn(c, name));
        return Uni.createFrom().item(Map.of("Role", Shapes.role(existing(c, name), true)));
    }

    private Uni<Map<String, Object>> listRoles(Caller c, QueryInput in, String rid) {
        d.authorizer().require(c, "iam:ListRoles", Arn.iamRole(c.accountId(), "/", "*").toString());
        String prefix = Inputs.pathPrefix(in);
        List<RoleState> roles = d.view().list(c.accountId(), "role").stream().map(RoleState.class::cast)
                .filter(r -> r.path().startsWith(prefix)).toList();
        return Uni.createFrom().item(Page.of(roles, r -> r.roleName().toLowerCase(java.util.Locale.ROOT),
                r -> Shapes.role(r, false), in.string("Marker"), in.integer("MaxItems"), "Roles"));
    }

    private Uni<Map<String, Object>> updateRole(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "UpdateRole", name, new UpdateRole(c.accountId(), name, in.string("Description"),
                in.integer("MaxSessionDuration")), rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> updateAssumeRolePolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "UpdateAssumeRolePolicy", name,
                new UpdateAssumeRolePolicy(c.accountId(), name, in.string("PolicyDocument"),
                        TrustPrincipals.resolve(d.view(), in.string("PolicyDocument"))), rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> deleteRole(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "DeleteRole", name, new DeleteRole(c.accountId(), name), rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> tagRole(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "TagRole", name, new TagRole(c.accountId(), name, Inputs.tags(in)), rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> untagRole(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "UntagRole", name, new UntagRole(c.accountId(), name, in.strings("TagKeys")), rid,
                r -> Map.of());
    }

    private Uni<Map<String, Object>> listRoleTags(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        d.authorizer().require(c, "iam:ListRoleTags", arn(c, name));
        RoleState r = existing(c, name);
        return Uni.createFrom().item(Page.of(r.tags(), t -> t.key().toLowerCase(java.util.Locale.ROOT),
                Shapes::tag, in.string("Marker"), in.integer("MaxItems"), "Tags"));
    }

    private Uni<Map<String, Object>> putRolePolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "PutRolePolicy", name, new PutRolePolicy(c.accountId(), name, in.string("PolicyName"),
                in.string("PolicyDocument")), rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> getRolePolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        String policyName = in.string("PolicyName");
        d.authorizer().require(c, "iam:GetRolePolicy", arn(c, name));
        RoleState r = existing(c, name);
        String doc = r.inlinePolicies().get(policyName);
        if (doc == null) {
            throw AwsException.noSuchEntity("The role policy with name " + policyName + " cannot be found.");
        }
        return Uni.createFrom().item(Map.of("RoleName", r.roleName(), "PolicyName", policyName,
                "PolicyDocument", Shapes.encodeDocument(doc)));
    }

    private Uni<Map<String, Object>> listRolePolicies(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        d.authorizer().require(c, "iam:ListRolePolicies", arn(c, name));
        RoleState r = existing(c, name);
        return Uni.createFrom().item(Page.of(List.copyOf(r.inlinePolicies().keySet()), n -> n, n -> n,
                in.string("Marker"), in.integer("MaxItems"), "PolicyNames"));
    }

    private Uni<Map<String, Object>> deleteRolePolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "DeleteRolePolicy", name, new DeleteRolePolicy(c.accountId(), name, in.string("PolicyName")),
                rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> attachRolePolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        String policyArn = in.string("PolicyArn");
        d.authorizer().require(c, "iam:AttachRolePolicy", arn(c, name),
                IamRequestKeys.of(new AttachRolePolicy(c.accountId(), name, policyArn)));
        existing(c, name);
        ManagedPolicyState p = d.view().policy(c.accountId(), Inputs.policyName(c.accountId(), policyArn));
        if (p == null || !p.arn().equals(policyArn)) {
            throw AwsException.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
        }
        return run(c, "AttachRolePolicy", name, new AttachRolePolicy(c.accountId(), name, policyArn), rid,
                r -> Map.of());
    }

    private Uni<Map<String, Object>> detachRolePolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "DetachRolePolicy", name, new DetachRolePolicy(c.accountId(), name, in.string("PolicyArn")),
                rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> putRolePermissionsBoundary(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        d.authorizer().require(c, "iam:PutRolePermissionsBoundary", arn(c, name), IamRequestKeys.of(
                new PutRolePermissionsBoundary(c.accountId(), name, in.string("PermissionsBoundary"))));
        existing(c, name);
        String boundary = Inputs.boundary(d.view(), c.accountId(), in.string("PermissionsBoundary"));
        return run(c, "PutRolePermissionsBoundary", name,
                new PutRolePermissionsBoundary(c.accountId(), name, boundary), rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> deleteRolePermissionsBoundary(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        return run(c, "DeleteRolePermissionsBoundary", name,
                new DeleteRolePermissionsBoundary(c.accountId(), name), rid, r -> Map.of());
    }

    private Uni<Map<String, Object>> listAttachedRolePolicies(Caller c, QueryInput in, String rid) {
        String name = in.string("RoleName");
        d.authorizer().require(c, "iam:ListAttachedRolePolicies", arn(c, name));
        RoleState r = existing(c, name);
        String prefix = Inputs.pathPrefix(in);
        List<String> arns = r.attachedPolicyArns().stream()
                .filter(a -> Arn.parse(a).path().startsWith(prefix)).sorted().toList();
        return Uni.createFrom().item(Page.of(arns, a -> a, a -> Shapes.attached(a), in.string("Marker"),
                in.integer("MaxItems"), "AttachedPolicies"));
    }
}

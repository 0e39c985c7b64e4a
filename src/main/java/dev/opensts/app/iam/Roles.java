package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.iam.RoleCommand;
import dev.opensts.iam.RoleDecider;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The role use cases: each authorizes the caller for its IAM action on the role's ARN (path included, once the
 * role exists), checks what spans aggregates (the boundary and attached policies exist, the account has room),
 * mints ids and times, and runs the role's decider through the command bus. A caller never learns more about a
 * role than its authorization allows: authorization comes before any lookup that could tell whether it exists.
 */
public final class Roles {
    /** What CreateRole takes; null members are absent from the request. */
    public record NewRole(String roleName, String path, String trustPolicy, String description,
                          Integer maxSessionDuration, List<Tag> tags, String permissionsBoundary) {
    }

    private static final int DEFAULT_MAX_SESSION = 3600;

    private final IamContext iam;

    public Roles(IamContext iam) {
        this.iam = iam;
    }

    public Uni<RoleState> create(Caller c, NewRole r, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String path = r.path() == null ? "/" : r.path();
            iam.authorizer().require(c, "iam:CreateRole", Arn.iamRole(account, path, r.roleName()).toString(),
                    IamRequestKeys.of(new RoleCommand.CreateRole(account, r.roleName(), "", path, r.trustPolicy(),
                            null, 0, r.tags(), null, r.permissionsBoundary(), null)));
            var command = new RoleCommand.CreateRole(account, r.roleName(), iam.ids().uniqueId("AROA"), path,
                    r.trustPolicy(), r.description(),
                    r.maxSessionDuration() == null ? DEFAULT_MAX_SESSION : r.maxSessionDuration(), r.tags(),
                    iam.clock().instant(), Entities.boundary(iam.view(), account, r.permissionsBoundary()),
                    TrustPrincipals.resolve(iam.view(), r.trustPolicy()));
            return iam.bus().<RoleState>execute(StreamIds.role(account, r.roleName()), s -> {
                if (s == null) {
                    Entities.requireRoomFor(iam.view().count(account, "role"), iam.quotas().rolesPerAccount(),
                            "RolesPerAccount");
                }
                return RoleDecider.decide(command, s, iam.quotas());
            }, c.actor(), requestId).map(x -> iam.view().role(account, r.roleName()));
        });
    }

    public Uni<RoleState> get(Caller c, String roleName) {
        return read(c, "iam:GetRole", roleName);
    }

    /** The account's roles whose path starts with the prefix, in case-folded name order. */
    public Uni<List<RoleState>> list(Caller c, String pathPrefix) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListRoles", Arn.iamRole(c.accountId(), "/", "*").toString());
            String prefix = pathPrefix == null ? "/" : pathPrefix;
            return iam.view().roles(c.accountId()).stream().filter(r -> r.path().startsWith(prefix)).toList();
        });
    }

    public Uni<List<Tag>> tags(Caller c, String roleName) {
        return read(c, "iam:ListRoleTags", roleName).map(RoleState::tags);
    }

    /** One of the role's inline policies. */
    public Uni<InlinePolicy> inlinePolicy(Caller c, String roleName, String policyName) {
        return read(c, "iam:GetRolePolicy", roleName).map(r -> {
            String document = r.inlinePolicies().get(policyName);
            if (document == null) {
                throw AwsException.noSuchEntity("The role policy with name " + policyName + " cannot be found.");
            }
            return new InlinePolicy(r.roleName(), policyName, document);
        });
    }

    /** The names of the role's inline policies, in order. */
    public Uni<List<String>> inlinePolicyNames(Caller c, String roleName) {
        return read(c, "iam:ListRolePolicies", roleName).map(r -> List.copyOf(r.inlinePolicies().keySet()));
    }

    /** The ARNs of the managed policies attached to the role whose path starts with the prefix, sorted. */
    public Uni<List<String>> attachedPolicies(Caller c, String roleName, String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        return read(c, "iam:ListAttachedRolePolicies", roleName).map(r -> r.attachedPolicyArns().stream()
                .filter(a -> Entities.pathStartsWith(a, prefix)).sorted().toList());
    }

    public Uni<Void> change(Caller c, RoleChange change, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String name = change.roleName();
            RoleCommand command = command(account, change);
            iam.authorizer().require(c, action(command), arn(account, name), IamRequestKeys.of(command));
            RoleCommand checked = switch (change) {
                case RoleChange.AttachPolicy a -> {
                    existing(account, name);
                    Entities.attachable(iam.view(), account, a.policyArn());
                    yield command;
                }
                case RoleChange.PutPermissionsBoundary b -> {
                    existing(account, name);
                    yield new RoleCommand.PutRolePermissionsBoundary(account, name,
                            Entities.boundary(iam.view(), account, b.policyArn()));
                }
                case RoleChange.Delete d -> {
                    InstanceProfiles.requireInNoProfile(iam.view(), account, name);
                    yield command;
                }
                case RoleChange.UpdateTrustPolicy t -> new RoleCommand.UpdateAssumeRolePolicy(account, name,
                        t.trustPolicy(), TrustPrincipals.resolve(iam.view(), t.trustPolicy()));
                default -> command;
            };
            return iam.bus().<RoleState>execute(StreamIds.role(account, name),
                    state -> RoleDecider.decide(checked, state, iam.quotas()), c.actor(), requestId);
        });
    }

    private static RoleCommand command(String account, RoleChange change) {
        return switch (change) {
            case RoleChange.Update u -> new RoleCommand.UpdateRole(account, u.roleName(), u.description(),
                    u.maxSessionDuration());
            case RoleChange.UpdateTrustPolicy t -> new RoleCommand.UpdateAssumeRolePolicy(account, t.roleName(),
                    t.trustPolicy());
            case RoleChange.Delete d -> new RoleCommand.DeleteRole(account, d.roleName());
            case RoleChange.AddTags t -> new RoleCommand.TagRole(account, t.roleName(), t.tags());
            case RoleChange.RemoveTags t -> new RoleCommand.UntagRole(account, t.roleName(), t.tagKeys());
            case RoleChange.PutInlinePolicy p -> new RoleCommand.PutRolePolicy(account, p.roleName(),
                    p.policyName(), p.document());
            case RoleChange.DeleteInlinePolicy p -> new RoleCommand.DeleteRolePolicy(account, p.roleName(),
                    p.policyName());
            case RoleChange.AttachPolicy a -> new RoleCommand.AttachRolePolicy(account, a.roleName(), a.policyArn());
            case RoleChange.DetachPolicy d -> new RoleCommand.DetachRolePolicy(account, d.roleName(), d.policyArn());
            case RoleChange.PutPermissionsBoundary b -> new RoleCommand.PutRolePermissionsBoundary(account,
                    b.roleName(), b.policyArn());
            case RoleChange.DeletePermissionsBoundary b -> new RoleCommand.DeleteRolePermissionsBoundary(account,
                    b.roleName());
        };
    }

    /**
     * UpdateRoleDescription: UpdateRole's description alone, authorized as its own action; answers the role as it
     * is afterwards.
     */
    public Uni<RoleState> updateDescription(Caller c, String roleName, String description, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:UpdateRoleDescription", arn(account, roleName));
            var command = new RoleCommand.UpdateRole(account, roleName, description, null);
            return iam.bus().<RoleState>execute(StreamIds.role(account, roleName),
                    state -> RoleDecider.decide(command, state, iam.quotas()), c.actor(), requestId)
                    .map(x -> existing(account, roleName));
        });
    }

    /** The IAM action a command is authorized as. */
    static String action(RoleCommand command) {
        return switch (command) {
            case RoleCommand.CreateRole x -> "iam:CreateRole";
            case RoleCommand.UpdateRole x -> "iam:UpdateRole";
            case RoleCommand.UpdateAssumeRolePolicy x -> "iam:UpdateAssumeRolePolicy";
            case RoleCommand.DeleteRole x -> "iam:DeleteRole";
            case RoleCommand.TagRole x -> "iam:TagRole";
            case RoleCommand.UntagRole x -> "iam:UntagRole";
            case RoleCommand.PutRolePolicy x -> "iam:PutRolePolicy";
            case RoleCommand.DeleteRolePolicy x -> "iam:DeleteRolePolicy";
            case RoleCommand.AttachRolePolicy x -> "iam:AttachRolePolicy";
            case RoleCommand.DetachRolePolicy x -> "iam:DetachRolePolicy";
            case RoleCommand.PutRolePermissionsBoundary x -> "iam:PutRolePermissionsBoundary";
            case RoleCommand.DeleteRolePermissionsBoundary x -> "iam:DeleteRolePermissionsBoundary";
        };
    }

    /** Authorizes a read of one role, then finds it. */
    private Uni<RoleState> read(Caller c, String action, String roleName) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, action, arn(c.accountId(), roleName));
            return existing(c.accountId(), roleName);
        });
    }

    /** The role's ARN for authorization: its real path when it exists, "/" otherwise. */
    private String arn(String account, String roleName) {
        RoleState r = iam.view().role(account, roleName);
        return r != null ? r.arn() : Arn.iamRole(account, "/", roleName).toString();
    }

    private RoleState existing(String account, String roleName) {
        RoleState r = iam.view().role(account, roleName);
        if (r == null) {
            throw AwsException.noSuchEntity("The role with name " + roleName + " cannot be found.");
        }
        return r;
    }
}

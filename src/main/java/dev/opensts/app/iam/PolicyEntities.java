package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.error.AwsException;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;

/**
 * ListEntitiesForPolicy: the groups, users and roles of the caller's account that use a managed policy, as a
 * permissions policy (attached) or as a permissions boundary, as AWS lists them.
 */
public final class PolicyEntities {
    /** One entity that uses the policy: its kind (Group, User, Role), name and unique id. */
    public record Entity(String kind, String name, String id) {
    }

    /**
     * @param entityFilter User, Role, Group, LocalManagedPolicy or AWSManagedPolicy (null: every kind)
     * @param pathPrefix   only entities whose path starts with it (null: "/")
     * @param usageFilter  PermissionsPolicy or PermissionsBoundary (null: both)
     */
    public record Filter(String entityFilter, String pathPrefix, String usageFilter) {
    }

    private final IamContext iam;

    public PolicyEntities(IamContext iam) {
        this.iam = iam;
    }

    /** The entities in the order AWS lists them: groups, users, roles, each by case-folded name. */
    public Uni<List<Entity>> list(Caller c, String policyArn, Filter f) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListEntitiesForPolicy", policyArn);
            String account = c.accountId();
            ManagedPolicyState p = iam.view().policy(account, Entities.policyName(account, policyArn));
            if (p == null || !p.arn().equals(policyArn)) {
                throw AwsException.noSuchEntity("Policy " + policyArn + " was not found.");
            }
            String prefix = f.pathPrefix() == null ? "/" : f.pathPrefix();
            boolean attached = f.usageFilter() == null || f.usageFilter().equals("PermissionsPolicy");
            boolean boundary = f.usageFilter() == null || f.usageFilter().equals("PermissionsBoundary");
            String kind = f.entityFilter();
            var out = new ArrayList<Entity>();
            if (kind == null || kind.equals("Group")) {
                for (GroupState g : iam.view().groups(account)) {
                    if (attached && g.path().startsWith(prefix) && g.attachedPolicyArns().contains(policyArn)) {
                        out.add(new Entity("Group", g.groupName(), g.groupId()));
                    }
                }
            }
            if (kind == null || kind.equals("User")) {
                for (UserState u : iam.view().users(account)) {
                    if (u.path().startsWith(prefix) && (attached && u.attachedPolicyArns().contains(policyArn)
                            || boundary && policyArn.equals(u.permissionsBoundary()))) {
                        out.add(new Entity("User", u.userName(), u.userId()));
                    }
                }
            }
            if (kind == null || kind.equals("Role")) {
                for (RoleState r : iam.view().roles(account)) {
                    if (r.path().startsWith(prefix) && (attached && r.attachedPolicyArns().contains(policyArn)
                            || boundary && policyArn.equals(r.permissionsBoundary()))) {
                        out.add(new Entity("Role", r.roleName(), r.roleId()));
                    }
                }
            }
            return List.copyOf(out);
        });
    }
}

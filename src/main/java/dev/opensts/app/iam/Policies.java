package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.PolicyCommand;
import dev.opensts.iam.PolicyDecider;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.Uni;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer-managed policy use cases, with how many entities use each policy (versions and tags:
 * {@link PolicyVersions}).
 */
public final class Policies {
    /** What CreatePolicy takes; null members are absent from the request. */
    public record NewPolicy(String policyName, String path, String description, String document, List<Tag> tags) {
    }

    /** A policy with how many users and roles attach it and have it as their permissions boundary. */
    public record PolicyInUse(ManagedPolicyState policy, int attachments, int boundaryUses) {
    }

    /** ListPolicies' filters: scope All/Local/AWS, only attached ones, by use, by path prefix (nulls: none). */
    public record Filter(String scope, boolean onlyAttached, String usage, String pathPrefix) {
    }

    private final IamContext iam;

    public Policies(IamContext iam) {
        this.iam = iam;
    }

    public Uni<PolicyInUse> create(Caller c, NewPolicy p, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String path = p.path() == null ? "/" : p.path();
            iam.authorizer().require(c, "iam:CreatePolicy", Arn.iamPolicy(account, path, p.policyName()).toString(),
                    IamRequestKeys.of(new PolicyCommand.CreatePolicy(account, p.policyName(), "", path, null, "",
                            p.tags(), null)));
            var command = new PolicyCommand.CreatePolicy(account, p.policyName(), iam.ids().uniqueId("ANPA"), path,
                    p.description(), p.document(), p.tags(), iam.clock().instant());
            return iam.bus().<ManagedPolicyState>execute(StreamIds.policy(account, p.policyName()), s -> {
                if (s == null) {
                    Entities.requireRoomFor(iam.view().count(account, "policy"), iam.quotas().policiesPerAccount(),
                            "PoliciesPerAccount");
                }
                return PolicyDecider.decide(command, s, iam.quotas());
            }, c.actor(), requestId).map(x -> new PolicyInUse(iam.view().policy(account, p.policyName()), 0, 0));
        });
    }

    public Uni<PolicyInUse> get(Caller c, String policyArn) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:GetPolicy", policyArn);
            ManagedPolicyState p = Entities.policy(iam.view(), c.accountId(), policyArn);
            return usage(c.accountId()).of(p);
        });
    }

    /** The account's policies that pass the filter, in case-folded name order. */
    public Uni<List<PolicyInUse>> list(Caller c, Filter f) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListPolicies", Arn.iamPolicy(c.accountId(), "/", "*").toString());
            if ("AWS".equals(f.scope())) {
                return List.of(); // no AWS-managed policies yet
            }
            String prefix = f.pathPrefix() == null ? "/" : f.pathPrefix();
            Usage usage = usage(c.accountId());
            return iam.view().policies(c.accountId()).stream()
                    .filter(p -> p.path().startsWith(prefix))
                    .map(usage::of)
                    .filter(u -> !f.onlyAttached() || u.attachments() > 0 || u.boundaryUses() > 0)
                    .filter(u -> !"PermissionsBoundary".equals(f.usage()) || u.boundaryUses() > 0)
                    .filter(u -> !"PermissionsPolicy".equals(f.usage()) || u.attachments() > 0)
                    .toList();
        });
    }

    /**
     * DeletePolicy: refused while any user, role or group attaches the policy or has it as its boundary, and (the
     * decider) while it has versions besides its default.
     */
    public Uni<Void> delete(Caller c, String policyArn, String requestId) {
        return Uni.createFrom().deferred(() -> {
            iam.authorizer().require(c, "iam:DeletePolicy", policyArn);
            ManagedPolicyState p = Entities.policy(iam.view(), c.accountId(), policyArn);
            PolicyInUse inUse = usage(c.accountId()).of(p);
            if (inUse.attachments() > 0 || inUse.boundaryUses() > 0) {
                throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete a policy attached to entities.");
            }
            var command = new PolicyCommand.DeletePolicy(c.accountId(), p.policyName());
            return iam.bus().<ManagedPolicyState>execute(StreamIds.policy(c.accountId(), p.policyName()),
                    s -> PolicyDecider.decide(command, s, iam.quotas()), c.actor(), requestId);
        });
    }

    /** Every customer managed policy of the account with its use (GetAccountAuthorizationDetails), unauthorized. */
    List<PolicyInUse> inUse(String account) {
        Usage usage = usage(account);
        return iam.view().policies(account).stream().map(usage::of).toList();
    }

    /** How many users and roles of an account attach each policy, and have it as their boundary. */
    private record Usage(Map<String, Integer> attached, Map<String, Integer> boundaries) {
        PolicyInUse of(ManagedPolicyState p) {
            return new PolicyInUse(p, attached.getOrDefault(p.arn(), 0), boundaries.getOrDefault(p.arn(), 0));
        }
    }

    /** One pass over the account's users, roles and groups. */
    private Usage usage(String account) {
        var attached = new HashMap<String, Integer>();
        var boundaries = new HashMap<String, Integer>();
        for (RoleState r : iam.view().roles(account)) {
            r.attachedPolicyArns().forEach(a -> attached.merge(a, 1, Integer::sum));
            if (r.permissionsBoundary() != null) {
                boundaries.merge(r.permissionsBoundary(), 1, Integer::sum);
            }
        }
        for (UserState u : iam.view().users(account)) {
            u.attachedPolicyArns().forEach(a -> attached.merge(a, 1, Integer::sum));
            if (u.permissionsBoundary() != null) {
                boundaries.merge(u.permissionsBoundary(), 1, Integer::sum);
            }
        }
        for (dev.opensts.iam.GroupState g : iam.view().groups(account)) {
            g.attachedPolicyArns().forEach(a -> attached.merge(a, 1, Integer::sum));
        }
        return new Usage(attached, boundaries);
    }
}

package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ListPoliciesGrantingServiceAccess: which of an identity's policies (a user's own and its groups', a group's, a
 * role's; inline and managed) allow at least one action of each service asked about, as IAM reports it (resources
 * and conditions aside). A service is known by its actions (from AWS's models: iam and sts); for any other
 * namespace only a statement covering "namespace:*" (such as "*") counts.
 */
public final class ServiceAccess {
    /** One policy granting access to a service. type: INLINE or MANAGED; entityType: USER, ROLE or GROUP. */
    public record Grant(String policyName, String type, String policyArn, String entityType, String entityName) {
    }

    public record ServiceGrants(String serviceNamespace, List<Grant> policies) {
    }

    /** A policy of the identity, with where it comes from. */
    private record Source(String name, String type, String arn, String entityType, String entityName,
                          String document, PolicyKind kind) {
    }

    private final IamContext iam;
    private final Map<String, Set<String>> serviceActions;

    /** @param serviceActions the "service:action" names of each known service, by service namespace */
    public ServiceAccess(IamContext iam, Map<String, Set<String>> serviceActions) {
        this.iam = iam;
        this.serviceActions = Map.copyOf(serviceActions);
    }

    public Uni<List<ServiceGrants>> list(Caller c, String entityArn, List<String> namespaces) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListPoliciesGrantingServiceAccess", entityArn);
            List<Source> sources = sources(c.accountId(), entityArn);
            var out = new ArrayList<ServiceGrants>();
            for (String ns : namespaces) {
                Set<String> actions = serviceActions.getOrDefault(ns.toLowerCase(java.util.Locale.ROOT),
                        Set.of(ns + ":*"));
                var grants = new ArrayList<Grant>();
                for (Source s : sources) {
                    if (grants(s, actions)) {
                        grants.add(new Grant(s.name(), s.type(), s.arn(), s.entityType(), s.entityName()));
                    }
                }
                out.add(new ServiceGrants(ns, List.copyOf(grants)));
            }
            return List.copyOf(out);
        });
    }

    private static boolean grants(Source s, Set<String> actions) {
        try {
            return Policy.parse(s.document(), s.kind()).allowsAnyOf(actions);
        } catch (MalformedPolicyDocumentException e) {
            return false; // a stored document that no longer compiles grants nothing (as the evaluator treats it)
        }
    }

    private List<Source> sources(String account, String entityArn) {
        Arn arn = Arn.parse(entityArn);
        if (arn == null || !"iam".equals(arn.service())) {
            throw new AwsException(ErrorCode.InvalidInput, "ARN " + entityArn + " is not valid.");
        }
        var out = new ArrayList<Source>();
        switch (arn.resourceType()) {
            case "user" -> {
                UserState u = iam.view().user(account, arn.name());
                if (u == null || !u.arn().equals(entityArn)) {
                    throw noSuchEntity(entityArn);
                }
                u.inlinePolicies().forEach((n, d) -> out.add(new Source(n, "INLINE", null, "USER", u.userName(), d,
                        PolicyKind.USER_INLINE)));
                managed(account, u.attachedPolicyArns(), "USER", u.userName(), out);
                for (GroupState g : iam.view().groupsOf(account, u.userId())) {
                    group(account, g, out);
                }
            }
            case "group" -> {
                GroupState g = iam.view().group(account, arn.name());
                if (g == null || !g.arn().equals(entityArn)) {
                    throw noSuchEntity(entityArn);
                }
                group(account, g, out);
            }
            case "role" -> {
                RoleState r = iam.view().role(account, arn.name());
                if (r == null || !r.arn().equals(entityArn)) {
                    throw noSuchEntity(entityArn);
                }
                r.inlinePolicies().forEach((n, d) -> out.add(new Source(n, "INLINE", null, "ROLE", r.roleName(), d,
                        PolicyKind.ROLE_INLINE)));
                managed(account, r.attachedPolicyArns(), "ROLE", r.roleName(), out);
            }
            default -> throw new AwsException(ErrorCode.InvalidInput,
                    "ARN " + entityArn + " is not the ARN of a user, group or role.");
        }
        return out;
    }

    private void group(String account, GroupState g, List<Source> out) {
        g.inlinePolicies().forEach((n, d) -> out.add(new Source(n, "INLINE", null, "GROUP", g.groupName(), d,
                PolicyKind.USER_INLINE)));
        managed(account, g.attachedPolicyArns(), "GROUP", g.groupName(), out);
    }

    private void managed(String account, List<String> arns, String entityType, String entityName,
                         List<Source> out) {
        for (String a : arns) {
            ManagedPolicyState p = iam.view().policy(account, Entities.policyName(account, a));
            if (p != null && p.arn().equals(a)) {
                out.add(new Source(p.policyName(), "MANAGED", p.arn(), entityType, entityName, p.document(),
                        PolicyKind.MANAGED));
            }
        }
    }

    private static AwsException noSuchEntity(String arn) {
        return AwsException.noSuchEntity("The entity " + arn + " cannot be found.");
    }
}

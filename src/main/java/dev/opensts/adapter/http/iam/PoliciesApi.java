package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.auth.Caller;
import dev.opensts.app.iam.IamRequestKeys;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.PolicyCommand.CreatePolicy;
import dev.opensts.iam.PolicyCommand.DeletePolicy;
import dev.opensts.iam.PolicyDecider;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Customer-managed policies (one version each, v1). */
final class PoliciesApi {
    private final Deps d;

    PoliciesApi(Deps deps) {
        this.d = deps;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreatePolicy", this::createPolicy);
        actions.put("GetPolicy", this::getPolicy);
        actions.put("GetPolicyVersion", this::getPolicyVersion);
        actions.put("ListPolicies", this::listPolicies);
        actions.put("DeletePolicy", this::deletePolicy);
    }

    private ManagedPolicyState existing(Caller c, String policyArn) {
        ManagedPolicyState p = d.view().policy(c.accountId(), Inputs.policyName(c.accountId(), policyArn));
        if (p == null || !p.arn().equals(policyArn)) {
            throw AwsException.noSuchEntity("Policy " + policyArn + " was not found.");
        }
        return p;
    }

    /** How many users and roles of an account attach each policy, and have it as their boundary: one pass. */
    private record Usage(Map<String, Integer> attached, Map<String, Integer> boundaries) {
        int attachments(String policyArn) {
            return attached.getOrDefault(policyArn, 0);
        }

        int boundaryUses(String policyArn) {
            return boundaries.getOrDefault(policyArn, 0);
        }
    }

    private Usage usage(String accountId) {
        var attached = new java.util.HashMap<String, Integer>();
        var boundaries = new java.util.HashMap<String, Integer>();
        for (Object o : d.view().list(accountId, "role")) {
            RoleState r = (RoleState) o;
            r.attachedPolicyArns().forEach(a -> attached.merge(a, 1, Integer::sum));
            if (r.permissionsBoundary() != null) {
                boundaries.merge(r.permissionsBoundary(), 1, Integer::sum);
            }
        }
        for (Object o : d.view().list(accountId, "user")) {
            UserState u = (UserState) o;
            u.attachedPolicyArns().forEach(a -> attached.merge(a, 1, Integer::sum));
            if (u.permissionsBoundary() != null) {
                boundaries.merge(u.permissionsBoundary(), 1, Integer::sum);
            }
        }
        return new Usage(attached, boundaries);
    }

    private Uni<Map<String, Object>> createPolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("PolicyName");
        String path = Inputs.path(in);
        d.authorizer().require(c, "iam:CreatePolicy", Arn.iamPolicy(c.accountId(), path, name).toString(),
                IamRequestKeys.of(new CreatePolicy(c.accountId(), name, "", path, null, "", Inputs.tags(in), null)));
        var cmd = new CreatePolicy(c.accountId(), name, d.ids().uniqueId("ANPA"), path, in.string("Description"),
                in.string("PolicyDocument"), Inputs.tags(in), d.clock().instant());
        return d.bus().<ManagedPolicyState>execute(StreamIds.policy(c.accountId(), name), s -> {
                    if (s == null) {
                        d.requireRoomFor(c.accountId(), "policy", d.quotas().policiesPerAccount(),
                                "PoliciesPerAccount");
                    }
                    return PolicyDecider.decide(cmd, s, d.quotas());
                }, rid)
                .map(x -> Map.of("Policy", Shapes.policy(d.view().policy(c.accountId(), name), 0, true)));
    }

    private Uni<Map<String, Object>> getPolicy(Caller c, QueryInput in, String rid) {
        String arn = in.string("PolicyArn");
        d.authorizer().require(c, "iam:GetPolicy", arn);
        ManagedPolicyState p = existing(c, arn);
        Usage usage = usage(c.accountId());
        return Uni.createFrom().item(Map.of("Policy", Shapes.policy(p, usage.attachments(arn),
                usage.boundaryUses(arn), true)));
    }

    private Uni<Map<String, Object>> getPolicyVersion(Caller c, QueryInput in, String rid) {
        String arn = in.string("PolicyArn");
        String version = in.string("VersionId");
        d.authorizer().require(c, "iam:GetPolicyVersion", arn);
        ManagedPolicyState p = existing(c, arn);
        if (!ManagedPolicyState.DEFAULT_VERSION.equals(version)) {
            throw AwsException.noSuchEntity("Policy " + arn + " version " + version + " does not exist.");
        }
        var v = new LinkedHashMap<String, Object>();
        v.put("Document", Shapes.encodeDocument(p.document()));
        v.put("VersionId", version);
        v.put("IsDefaultVersion", true);
        v.put("CreateDate", p.createDate());
        return Uni.createFrom().item(Map.of("PolicyVersion", v));
    }

    private Uni<Map<String, Object>> listPolicies(Caller c, QueryInput in, String rid) {
        d.authorizer().require(c, "iam:ListPolicies", Arn.iamPolicy(c.accountId(), "/", "*").toString());
        String scope = in.string("Scope") == null ? "All" : in.string("Scope");
        boolean onlyAttached = Boolean.TRUE.equals(in.bool("OnlyAttached"));
        String usage = in.string("PolicyUsageFilter");
        String prefix = Inputs.pathPrefix(in);
        Usage uses = usage(c.accountId());
        List<ManagedPolicyState> policies = "AWS".equals(scope)
                ? List.of()  // no AWS-managed policies yet
                : d.view().list(c.accountId(), "policy").stream().map(ManagedPolicyState.class::cast)
                .filter(p -> p.path().startsWith(prefix))
                .filter(p -> !onlyAttached || uses.attachments(p.arn()) > 0 || uses.boundaryUses(p.arn()) > 0)
                .filter(p -> !"PermissionsBoundary".equals(usage) || uses.boundaryUses(p.arn()) > 0)
                .filter(p -> !"PermissionsPolicy".equals(usage) || uses.attachments(p.arn()) > 0)
                .toList();
        return Uni.createFrom().item(Page.of(policies, p -> p.policyName().toLowerCase(Locale.ROOT),
                p -> Shapes.policy(p, uses.attachments(p.arn()), uses.boundaryUses(p.arn()), false),
                in.string("Marker"), in.integer("MaxItems"), "Policies"));
    }

    private Uni<Map<String, Object>> deletePolicy(Caller c, QueryInput in, String rid) {
        String arn = in.string("PolicyArn");
        d.authorizer().require(c, "iam:DeletePolicy", arn);
        ManagedPolicyState p = existing(c, arn);
        Usage usage = usage(c.accountId());
        if (usage.attachments(arn) > 0 || usage.boundaryUses(arn) > 0) {
            throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete a policy attached to entities.");
        }
        var cmd = new DeletePolicy(c.accountId(), p.policyName());
        return d.bus().<ManagedPolicyState>execute(StreamIds.policy(c.accountId(), p.policyName()),
                s -> PolicyDecider.decide(cmd, s, d.quotas()), rid).map(x -> Map.of());
    }
}

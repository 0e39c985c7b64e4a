package dev.opensts.control;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.Arns;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.NamedPolicy;
import dev.opensts.policy.Outcome;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PrincipalInfo;
import dev.opensts.policy.RequestContext;
import dev.opensts.view.CompiledPolicies;
import dev.opensts.view.LiveView;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Authorizes a caller's IAM action on a resource with the policy engine. An account's root may do
 * everything in its own account and nothing in another; every other principal needs an Allow from
 * its own identity policies and no explicit Deny.
 */
public final class Authorizer {
    private final LiveView view;
    private final Clock clock;

    public Authorizer(LiveView view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    /** @throws AwsException AccessDenied, naming the action, the resource and why */
    public void require(Caller caller, String action, String resourceArn) {
        String resourceAccount = Arns.accountOf(resourceArn);
        if (caller.isRoot()) {
            if (caller.accountId().equals(resourceAccount)) {
                return;
            }
            throw denied(caller, action, resourceArn, "no identity-based policy allows the " + action + " action");
        }
        Decision d = Evaluator.evaluate(context(caller, action, resourceArn), identityPolicies(caller), null, null);
        if (d.allowed() && caller.accountId().equals(resourceAccount)) {
            return;
        }
        String why = d.outcome() == Outcome.EXPLICIT_DENY
                ? "an explicit deny in an identity-based policy" + describe(d)
                : "no identity-based policy allows the " + action + " action";
        throw denied(caller, action, resourceArn, why);
    }

    private static String describe(Decision d) {
        if (d.deciding().isEmpty()) {
            return "";
        }
        var s = d.deciding().get(0);
        return ": " + s.policyName() + (s.sid() != null ? " (Sid " + s.sid() + ")" : " (statement " + s.index() + ")");
    }

    private static AwsException denied(Caller caller, String action, String resource, String why) {
        return new AwsException(ErrorCode.AccessDenied, "User: " + caller.arn() + " is not authorized to perform: "
                + action + " on resource: " + resource + " because " + why);
    }

    RequestContext context(Caller caller, String action, String resourceArn) {
        Instant now = clock.instant();
        UserState user = caller.userName() == null ? null : view.user(caller.accountId(), caller.userName());
        Map<String, String> tags = user == null ? Map.of() : tagMap(user);
        var b = RequestContext.builder()
                .action(action)
                .resource(resourceArn)
                .principal(new PrincipalInfo(caller.arn(), caller.accountId(), caller.type(), caller.userId(),
                        caller.userName(), tags))
                .put("aws:PrincipalArn", caller.arn())
                .put("aws:PrincipalAccount", caller.accountId())
                .put("aws:PrincipalType", switch (caller.type()) {
                    case ROOT -> "Account";
                    case USER -> "User";
                    case ASSUMED_ROLE -> "AssumedRole";
                    case FEDERATED -> "FederatedUser";
                    case SERVICE -> "Service";
                    case ANONYMOUS -> "Anonymous";
                })
                .put("aws:userid", caller.userId())
                .put("aws:CurrentTime", now.toString())
                .put("aws:EpochTime", String.valueOf(now.getEpochSecond()))
                .put("aws:SecureTransport", String.valueOf(caller.secureTransport()))
                .put("aws:MultiFactorAuthPresent", "false");
        if (caller.userName() != null) {
            b.put("aws:username", caller.userName());
        }
        if (caller.sourceIp() != null) {
            b.put("aws:SourceIp", caller.sourceIp());
        }
        if (caller.userAgent() != null) {
            b.put("aws:UserAgent", caller.userAgent());
        }
        tags.forEach((k, v) -> b.put("aws:PrincipalTag/" + k, v));
        return b.build();
    }

    private static Map<String, String> tagMap(UserState user) {
        var m = new java.util.LinkedHashMap<String, String>();
        user.tags().forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    /** The caller's inline and attached managed policies, compiled. */
    List<NamedPolicy> identityPolicies(Caller caller) {
        if (caller.userName() == null) {
            return List.of();
        }
        String stream = StreamIds.user(caller.accountId(), caller.userName());
        UserState user = view.user(caller.accountId(), caller.userName());
        CompiledPolicies compiled = view.compiled(stream);
        if (user == null || compiled == null) {
            return List.of();
        }
        var result = new ArrayList<NamedPolicy>();
        for (CompiledPolicies.Named n : compiled.inline()) {
            result.add(new NamedPolicy(user.arn() + " inline " + n.name(), n.policy()));
        }
        for (String arn : user.attachedPolicyArns()) {
            Policy p = view.compiledManaged(StreamIds.policy(Arns.accountOf(arn), Arns.nameOf(arn)));
            if (p != null) {
                result.add(new NamedPolicy(arn, p));
            }
        }
        return result;
    }
}

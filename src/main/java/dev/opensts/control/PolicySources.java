package dev.opensts.control;

import dev.opensts.credentials.SessionClaims;
import dev.opensts.iam.Arns;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.NamedPolicy;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import dev.opensts.view.CompiledPolicies;
import dev.opensts.view.LiveView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a caller's policies in the live view, already compiled: a user's inline and attached
 * policies, an assumed role's, and a session's own policies (compiled once per distinct document
 * and kept in a small bounded cache, since sessions repeat the same few policies).
 */
public final class PolicySources {
    private static final int SESSION_CACHE = 1024;

    private final LiveView view;
    private final Map<String, Policy> sessionPolicies = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Policy> eldest) {
            return size() > SESSION_CACHE;
        }
    };

    public PolicySources(LiveView view) {
        this.view = view;
    }

    public PrincipalPolicies of(Caller caller) {
        SessionClaims s = caller.session();
        List<NamedPolicy> identity = switch (caller.type()) {
            case USER -> userPolicies(caller.accountId(), caller.userName());
            case ASSUMED_ROLE -> s == null ? List.of() : rolePolicies(s.accountId(), s.roleName());
            default -> List.of();
        };
        String boundaryArn = switch (caller.type()) {
            case USER -> {
                UserState u = view.user(caller.accountId(), caller.userName());
                yield u == null ? null : u.permissionsBoundary();
            }
            case ASSUMED_ROLE -> {
                RoleState r = s == null ? null : view.role(s.accountId(), s.roleName());
                yield r == null ? null : r.permissionsBoundary();
            }
            default -> null;
        };
        return new PrincipalPolicies(identity, s == null ? null : sessionPolicies(s), boundary(boundaryArn));
    }

    /** A boundary whose policy is gone allows nothing, as an empty boundary would. */
    private NamedPolicy boundary(String arn) {
        if (arn == null) {
            return null;
        }
        Policy p = managed(arn);
        return new NamedPolicy("permissions boundary " + arn, p != null ? p : NOTHING);
    }

    private static final Policy NOTHING = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            PolicyKind.BOUNDARY);

    public List<NamedPolicy> userPolicies(String accountId, String userName) {
        UserState user = view.user(accountId, userName);
        CompiledPolicies compiled = view.compiled(StreamIds.user(accountId, userName));
        if (user == null || compiled == null) {
            return List.of();
        }
        return collect(user.arn(), compiled, user.attachedPolicyArns());
    }

    public List<NamedPolicy> rolePolicies(String accountId, String roleName) {
        RoleState role = view.role(accountId, roleName);
        CompiledPolicies compiled = view.compiled(StreamIds.role(accountId, roleName));
        if (role == null || compiled == null) {
            return List.of();
        }
        return collect(role.arn(), compiled, role.attachedPolicyArns());
    }

    private List<NamedPolicy> collect(String owner, CompiledPolicies compiled, List<String> attached) {
        var result = new ArrayList<NamedPolicy>(compiled.inline().size() + attached.size());
        for (CompiledPolicies.Named n : compiled.inline()) {
            result.add(new NamedPolicy(owner + " inline " + n.name(), n.policy()));
        }
        for (String arn : attached) {
            Policy p = managed(arn);
            if (p != null) {
                result.add(new NamedPolicy(arn, p));
            }
        }
        return result;
    }

    public Policy managed(String policyArn) {
        String account = Arns.accountOf(policyArn);
        String name = Arns.nameOf(policyArn);
        return account == null || name == null ? null : view.compiledManaged(StreamIds.policy(account, name));
    }

    /** Null when the session was created without session policies. */
    private List<NamedPolicy> sessionPolicies(SessionClaims s) {
        boolean hasInline = s.sessionPolicy() != null;
        boolean hasArns = s.sessionPolicyArns() != null && !s.sessionPolicyArns().isEmpty();
        if (!hasInline && !hasArns) {
            return null;
        }
        var result = new ArrayList<NamedPolicy>();
        if (hasInline) {
            Policy p = compileSession(s.sessionPolicy());
            if (p != null) {
                result.add(new NamedPolicy("session policy", p));
            }
        }
        if (hasArns) {
            for (String arn : s.sessionPolicyArns()) {
                Policy p = managed(arn);
                if (p != null) {
                    result.add(new NamedPolicy("session " + arn, p));
                }
            }
        }
        return result; // may be empty: then nothing is allowed, as with a policy that no longer exists
    }

    private Policy compileSession(String document) {
        synchronized (sessionPolicies) {
            Policy cached = sessionPolicies.get(document);
            if (cached != null) {
                return cached;
            }
        }
        try {
            Policy p = Policy.parse(document, PolicyKind.SESSION);
            synchronized (sessionPolicies) {
                sessionPolicies.put(document, p);
            }
            return p;
        } catch (MalformedPolicyDocumentException e) {
            return null;
        }
    }
}

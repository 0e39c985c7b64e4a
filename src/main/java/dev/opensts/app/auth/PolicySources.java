package dev.opensts.app.auth;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.NamedPolicy;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import dev.opensts.policy.PrincipalType;
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

    /**
     * The caller's policies, from the user or role it is: by name in the view, and only while the entity of that
     * name is the one the caller authenticated as (same unique id). An entity deleted and re-created under the
     * same name lends its policies to nobody who authenticated as the old one: such a caller gets no identity
     * policies at all, so everything is denied.
     */
    public PrincipalPolicies of(Caller caller) {
        SessionClaims s = caller.session();
        List<NamedPolicy> identity = List.of();
        String boundaryArn = null;
        switch (caller.type()) {
            case USER -> {
                UserState u = view.user(caller.accountId(), caller.userName());
                if (u != null && u.userId().equals(caller.userId())) {
                    identity = userPolicies(u);
                    boundaryArn = u.permissionsBoundary();
                }
            }
            case ASSUMED_ROLE -> {
                RoleState r = s == null ? null : view.role(s.accountId(), s.roleName());
                if (r != null && r.roleId().equals(s.roleId())) {
                    identity = rolePolicies(r);
                    boundaryArn = r.permissionsBoundary();
                }
            }
            case FEDERATED -> {
                if (s != null && s.kind() == SessionKind.FEDERATED_USER) {
                    return federated(s);
                }
            }
            default -> {
            }
        }
        return new PrincipalPolicies(identity, s == null ? null : sessionPolicies(s), boundary(boundaryArn));
    }

    /**
     * An IAM user's policies as a request of its own would be evaluated against (inline, attached, its groups',
     * its boundary): what the policy simulator simulates for a user.
     */
    public PrincipalPolicies ofUser(UserState u) {
        return new PrincipalPolicies(userPolicies(u), null, boundary(u.permissionsBoundary()));
    }

    /** A role's policies as a session of it without session policies is evaluated against. */
    public PrincipalPolicies ofRole(RoleState r) {
        return new PrincipalPolicies(rolePolicies(r), null, boundary(r.permissionsBoundary()));
    }

    /** A group's inline and attached policies: the part a member's evaluation takes from it. */
    public PrincipalPolicies ofGroup(GroupState g) {
        CompiledPolicies gc = view.compiled(StreamIds.group(g.accountId(), g.groupName()));
        return new PrincipalPolicies(gc == null ? List.of() : collect(g.arn(), gc, g.attachedPolicyArns()), null,
                null);
    }

    /**
     * A GetFederationToken session: the identity policies (and boundary) of the IAM user that issued it, while that
     * user is the same one (same user id); an account root's federated user starts from everything, as its root does.
     * Its session policies always bound it: without any, it may do nothing, as AWS documents.
     */
    private PrincipalPolicies federated(SessionClaims s) {
        List<NamedPolicy> identity = List.of();
        String boundaryArn = null;
        if (s.userName() == null) {
            identity = s.issuerId().equals(s.accountId()) ? List.of(new NamedPolicy("account root", EVERYTHING))
                    : List.of();
        } else {
            UserState u = view.user(s.accountId(), s.userName());
            if (u != null && u.userId().equals(s.issuerId())) {
                identity = userPolicies(u);
                boundaryArn = u.permissionsBoundary();
            }
        }
        List<NamedPolicy> session = sessionPolicies(s);
        return new PrincipalPolicies(identity, session == null ? List.of() : session, boundary(boundaryArn));
    }

    /**
     * The caller's policies as they were at an earlier instant: {@code then} is the caller's user or role as the
     * history folded it for that instant (null when it did not exist then), {@code managedThen} the managed policies
     * it named, as they were then (History.policiesThen), and, for a user, the groups it was in then with the
     * managed policies they attached (in {@code managedThen} too). The same identity rule as {@link #of}: a state of
     * another life of the name (another unique id) lends nothing. The session's own policies are in its token and
     * do not change (managed ones among them are read as they are now).
     */
    public PrincipalPolicies asOf(Caller caller, AggregateState then, List<GroupState> groupsThen,
                                  Map<String, ManagedPolicyState> managedThen) {
        SessionClaims s = caller.session();
        List<NamedPolicy> identity = List.of();
        String boundaryArn = null;
        switch (then) {
            // the user itself, or a federated user: its issuing user's policies as they were, groups included
            case UserState u when (caller.type() == PrincipalType.USER && u.userId().equals(caller.userId()))
                    || (s != null && s.kind() == SessionKind.FEDERATED_USER && u.userId().equals(s.issuerId())) -> {
                var all = new ArrayList<>(historical(u.arn(), u.inlinePolicies(), PolicyKind.USER_INLINE,
                        u.attachedPolicyArns(), managedThen));
                for (GroupState g : groupsThen) {
                    if (g.hasMember(u.userId())) {
                        all.addAll(historical(g.arn(), g.inlinePolicies(), PolicyKind.USER_INLINE,
                                g.attachedPolicyArns(), managedThen));
                    }
                }
                identity = all;
                boundaryArn = u.permissionsBoundary();
            }
            case RoleState r when caller.type() == PrincipalType.ASSUMED_ROLE && s != null
                    && r.roleId().equals(s.roleId()) -> {
                identity = historical(r.arn(), r.inlinePolicies(), PolicyKind.ROLE_INLINE, r.attachedPolicyArns(),
                        managedThen);
                boundaryArn = r.permissionsBoundary();
            }
            case null, default -> {
            }
        }
        NamedPolicy boundary = null;
        if (boundaryArn != null) {
            ManagedPolicyState b = managedThen.get(boundaryArn);
            boundary = new NamedPolicy("permissions boundary " + boundaryArn,
                    b == null ? NOTHING : compileOrNothing(b.document(), PolicyKind.BOUNDARY));
        }
        List<NamedPolicy> session = s == null ? null : sessionPolicies(s);
        if (s != null && s.kind() == SessionKind.FEDERATED_USER) {
            if (s.userName() == null && s.issuerId().equals(s.accountId())) {
                identity = List.of(new NamedPolicy("account root", EVERYTHING));
            }
            session = session == null ? List.of() : session; // without a session policy: nothing
        }
        return new PrincipalPolicies(identity, session, boundary);
    }

    private static List<NamedPolicy> historical(String owner, Map<String, String> inline, PolicyKind kind,
                                                List<String> attached, Map<String, ManagedPolicyState> managedThen) {
        var result = new ArrayList<NamedPolicy>();
        inline.forEach((name, document) -> result.add(new NamedPolicy(owner + " inline " + name,
                compileOrNothing(document, kind))));
        for (String arn : attached) {
            ManagedPolicyState m = managedThen.get(arn);
            if (m != null) {
                result.add(new NamedPolicy(arn, compileOrNothing(m.document(), PolicyKind.MANAGED)));
            }
        }
        return result;
    }

    /** A stored document that no longer compiles denies everything, as the live view's does. */
    private static Policy compileOrNothing(String document, PolicyKind kind) {
        try {
            return Policy.parse(document, kind);
        } catch (MalformedPolicyDocumentException e) {
            return NOTHING;
        }
    }

    /** A boundary whose policy is gone allows nothing, as an empty boundary would. */
    private NamedPolicy boundary(String arn) {
        if (arn == null) {
            return null;
        }
        Policy p = managed(arn);
        return new NamedPolicy("permissions boundary " + arn, p != null ? p : NOTHING);
    }

    private static final Policy EVERYTHING = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            PolicyKind.USER_INLINE);

    private static final Policy NOTHING = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            PolicyKind.BOUNDARY);

    /**
     * A user's identity-based policies: its own inline and attached ones, then those of every group it is in
     * (by its user id: see {@link LiveView#groupsOf}), the one place where a member's group policies join its own.
     */
    private List<NamedPolicy> userPolicies(UserState user) {
        CompiledPolicies compiled = view.compiled(StreamIds.user(user.accountId(), user.userName()));
        if (compiled == null) {
            return List.of();
        }
        List<NamedPolicy> own = collect(user.arn(), compiled, user.attachedPolicyArns());
        List<GroupState> groups = view.groupsOf(user.accountId(), user.userId());
        if (groups.isEmpty()) {
            return own;
        }
        var result = new ArrayList<>(own);
        for (GroupState g : groups) {
            CompiledPolicies gc = view.compiled(StreamIds.group(g.accountId(), g.groupName()));
            if (gc != null) {
                result.addAll(collect(g.arn(), gc, g.attachedPolicyArns()));
            }
        }
        return result;
    }

    private List<NamedPolicy> rolePolicies(RoleState role) {
        CompiledPolicies compiled = view.compiled(StreamIds.role(role.accountId(), role.roleName()));
        return compiled == null ? List.of() : collect(role.arn(), compiled, role.attachedPolicyArns());
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

    /**
     * A customer-managed policy by its exact ARN, path included; null when no policy has that ARN (another path,
     * or none of that name). Policies are looked up in the account the ARN names: whoever passes an ARN decides
     * whether another account's policy may be used (AssumeRole's PolicyArns: only the role's own account).
     */
    public Policy managed(String policyArn) {
        Arn arn = Arn.parseIamPolicy(policyArn);
        if (arn == null) {
            return null;
        }
        String account = arn.account();
        String name = arn.name();
        ManagedPolicyState state = view.policy(account, name);
        return state == null || !state.arn().equals(policyArn) ? null
                : view.compiledManaged(StreamIds.policy(account, name));
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

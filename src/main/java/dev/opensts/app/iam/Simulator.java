package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.auth.PrincipalPolicies;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserState;
import dev.opensts.policy.ContextKeyType;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Effect;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.NamedPolicy;
import dev.opensts.policy.Outcome;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import dev.opensts.policy.PrincipalInfo;
import dev.opensts.policy.PrincipalType;
import dev.opensts.policy.RequestContext;
import dev.opensts.policy.SourceSpan;
import dev.opensts.view.LiveView;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * IAM's policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysForPrincipalPolicy and
 * GetContextKeysForCustomPolicy. One engine: a principal's policies come from the same {@link PolicySources} the
 * request path reads (a user's inline, attached and group policies and its boundary; a role's; a group's), and every
 * decision is the {@link Evaluator}'s, so a simulation answers what a request would be answered.
 *
 * <p>The simulated request's context holds what the principal itself implies (aws:username, aws:userid,
 * aws:PrincipalArn, aws:PrincipalTag/*, as the request path derives them), what the request path knows of a
 * resource of the caller's own account (its tags, its boundary: {@link Contexts#withResource}; never another
 * account's), and the ContextEntries, which win; every other key (time, source address...) is only what the
 * entries say, and a key a policy tests that the request lacks is reported in MissingContextValues. A simulated
 * role is a session of it named {@value #ROLE_SESSION}.
 *
 * <p>Only the caller's own account is ever read: a principal ARN of another account is refused by the authorizer
 * (SimulatePrincipalPolicy) or answered NoSuchEntity like a principal that does not exist (GetContextKeys), so
 * nothing of another account's policies, not even whether the principal exists, is disclosed.
 */
public final class Simulator {
    /** The session name of a simulated role's session. */
    public static final String ROLE_SESSION = "SimulatePrincipalPolicy";
    /**
     * The most evaluations (actions x resources) one simulation may ask for. AWS documents none; each is a full
     * evaluation of every policy given, so the product is bounded rather than left to the body size.
     */
    public static final int MAX_EVALUATIONS = 1000;
    /**
     * The most statement matches (statements of every policy in the simulation x evaluations) one call may cost: a
     * body of 10 MB can carry tens of thousands of statements, and each is matched once per evaluation. Ordinary
     * simulations (tens of policies and statements, up to hundreds of evaluations) stay far below it.
     */
    public static final long MAX_STATEMENT_MATCHES = 2_000_000;
    /**
     * The longest context value a simulation takes. AWS documents none; no value of a real request comes near it
     * (an ARN is at most 2,048 characters, a tag value 256), and a pattern is matched against a value in up to
     * (pattern x value) steps, so an unbounded value would make one condition cost seconds.
     */
    public static final int MAX_CONTEXT_VALUE_LENGTH = 4096;
    /**
     * The most character comparisons one call may cost at worst: the characters of every policy given (its
     * patterns) x the longest value or resource ARN they are matched against x the evaluations. About a second of
     * one core at worst; ordinary simulations (tens of KB of policies, short values, up to hundreds of
     * evaluations) stay far below it.
     */
    public static final long MAX_MATCHING_STEPS = 2_000_000_000L;

    /** One ContextEntry: a key, its values and the type they are given as (null: string, or stringList). */
    public record ContextEntry(String name, List<String> values, String type) {
    }

    /** What both simulations take besides the principal; lists are empty when not given. */
    public record Request(List<String> policyInputList, List<String> permissionsBoundaryPolicyInputList,
                          List<String> actionNames, List<String> resourceArns, String resourcePolicy,
                          String resourceOwner, String callerArn, List<ContextEntry> contextEntries) {
        public Request {
            policyInputList = policyInputList == null ? List.of() : policyInputList;
            permissionsBoundaryPolicyInputList = permissionsBoundaryPolicyInputList == null ? List.of()
                    : permissionsBoundaryPolicyInputList;
            actionNames = actionNames == null ? List.of() : actionNames;
            resourceArns = resourceArns == null ? List.of() : resourceArns;
            contextEntries = contextEntries == null ? List.of() : contextEntries;
        }
    }

    /** A line and column of a policy document, both counted from 1. */
    public record Position(int line, int column) {
    }

    /** A statement that took part in a decision, where it stands in its policy. */
    public record MatchedStatement(String sourcePolicyId, String sourcePolicyType, Position start, Position end) {
    }

    /**
     * The decision for one resource. {@code details} (EvalDecisionDetails) is null when the resource is "*", empty
     * without a resource policy, else each policy type's part; {@code allowedByBoundary} null without a boundary.
     */
    public record ResourceResult(String resource, Outcome decision, List<MatchedStatement> matched,
                                 List<String> missingContextValues, Map<String, Outcome> details,
                                 Boolean allowedByBoundary) {
    }

    /**
     * One action on one resource. When ResourceArns were given, the same decision is also under
     * {@code resourceSpecific} and the missing context values only there, as AWS documents; otherwise
     * {@code resourceSpecific} is empty.
     */
    public record EvaluationResult(String action, ResourceResult result, List<ResourceResult> resourceSpecific) {
    }

    /** A policy of the simulation with how MatchedStatements name it. */
    private record Source(String id, String type, Policy policy) {
    }

    /** The principal simulated and the policies it brings. */
    private record Subject(PrincipalInfo principal, List<NamedPolicy> identity, NamedPolicy boundary) {
    }

    private final java.util.concurrent.Executor worker;
    private final LiveView view;
    private final Authorizer authorizer;
    private final PolicySources sources;
    private final Contexts contexts;

    /**
     * @param worker where simulations run: never on the event loop (a large one takes a core for a while); the
     *               composition root gives it a pool of one thread, so simulations queue rather than take every core
     */
    public Simulator(LiveView view, Authorizer authorizer, PolicySources sources, Contexts contexts,
                     java.util.concurrent.Executor worker) {
        this.worker = worker;
        this.view = view;
        this.authorizer = authorizer;
        this.sources = sources;
        this.contexts = contexts;
    }

    /** SimulatePrincipalPolicy: authorized as iam:SimulatePrincipalPolicy on the principal's ARN. */
    public Uni<List<EvaluationResult>> simulatePrincipal(Caller c, String policySourceArn, Request r) {
        return Uni.createFrom().item(() -> {
            Arn arn = principalArn(policySourceArn);
            authorizer.require(c, "iam:SimulatePrincipalPolicy", policySourceArn);
            Map<String, Source> named = new HashMap<>();
            Subject s = subject(c, arn, policySourceArn, r.callerArn(), r.resourcePolicy() != null, named);
            return simulate(c.accountId(), s, r, named);
        }).runSubscriptionOn(worker);
    }

    /** SimulateCustomPolicy: authorized as iam:SimulateCustomPolicy on "*"; only the policies given are used. */
    public Uni<List<EvaluationResult>> simulateCustom(Caller c, Request r) {
        return Uni.createFrom().item(() -> {
            authorizer.requireOnAnyResource(c, "iam:SimulateCustomPolicy");
            if (r.policyInputList().isEmpty()) {
                throw invalid("PolicyInputList must name at least one policy.");
            }
            // the caller itself by default, as AWS does; an account's root is simulated as a principal its
            // policies bind (the root's own unbounded permissions would make every simulation "allowed")
            PrincipalType type = c.type() == PrincipalType.ROOT ? PrincipalType.USER : c.type();
            PrincipalInfo principal = r.callerArn() != null ? callerUser(r.callerArn())
                    : new PrincipalInfo(c.arn(), c.principalArn(), c.accountId(), type, c.userId(), c.userName(),
                    Map.of());
            return simulate(c.accountId(), new Subject(principal, List.of(), null), r, new HashMap<>());
        }).runSubscriptionOn(worker);
    }

    /** GetContextKeysForPrincipalPolicy: the keys of the principal's policies and of those given. */
    public Uni<List<String>> contextKeysForPrincipal(Caller c, String policySourceArn, List<String> policies) {
        return Uni.createFrom().item(() -> {
            Arn arn = principalArn(policySourceArn);
            authorizer.requireOnAnyResource(c, "iam:GetContextKeysForPrincipalPolicy");
            Subject s = subject(c, arn, policySourceArn, null, false, new HashMap<>());
            List<Policy> all = new ArrayList<>();
            s.identity().forEach(n -> all.add(n.policy()));
            if (s.boundary() != null) {
                all.add(s.boundary().policy());
            }
            all.addAll(parseAll("PolicyInputList", policies == null ? List.of() : policies, PolicyKind.MANAGED));
            return keys(all);
        }).runSubscriptionOn(worker);
    }

    /** GetContextKeysForCustomPolicy: the keys the given policies test. */
    public Uni<List<String>> contextKeysForCustom(Caller c, List<String> policies) {
        return Uni.createFrom().item(() -> {
            authorizer.requireOnAnyResource(c, "iam:GetContextKeysForCustomPolicy");
            if (policies == null || policies.isEmpty()) {
                throw invalid("PolicyInputList must name at least one policy.");
            }
            return keys(parseAll("PolicyInputList", policies, PolicyKind.MANAGED));
        }).runSubscriptionOn(worker);
    }

    // ---- the simulation -----------------------------------------------------------------------------------------

    private List<EvaluationResult> simulate(String callerAccount, Subject s, Request r, Map<String, Source> named) {
        if (r.actionNames().isEmpty()) {
            throw invalid("ActionNames must name at least one action.");
        }
        for (String a : r.actionNames()) {
            if (!Policy.isActionName(a)) {
                throw invalid("Action name " + quote(a) + " must be a service prefix and an action, such as "
                        + "iam:CreateUser, without wildcards.");
            }
        }
        List<String> resources = r.resourceArns().isEmpty() ? List.of("*") : r.resourceArns();
        for (String res : resources) {
            if (!res.equals("*") && Arn.parse(res) == null) {
                throw invalid("Resource " + quote(res) + " must be \"*\" or an ARN.");
            }
        }
        if ((long) r.actionNames().size() * resources.size() > MAX_EVALUATIONS) {
            throw invalid("A simulation may evaluate at most " + MAX_EVALUATIONS
                    + " actions x resources; ask for fewer actions or resources.");
        }
        String owner = r.resourceOwner() == null ? null : ownerAccount(r.resourceOwner());
        Map<String, String[]> context = context(r.contextEntries());

        List<NamedPolicy> identity = new ArrayList<>(s.identity());
        List<Policy> inputs = parseAll("PolicyInputList", r.policyInputList(), PolicyKind.MANAGED);
        for (int i = 0; i < inputs.size(); i++) {
            String id = "PolicyInputList." + (i + 1);
            named.put(id, new Source(id, "none", inputs.get(i)));
            identity.add(new NamedPolicy(id, inputs.get(i)));
        }
        NamedPolicy boundary = s.boundary();
        if (r.permissionsBoundaryPolicyInputList().size() > 1) {
            throw invalid("PermissionsBoundaryPolicyInputList takes at most one policy: an entity has one boundary.");
        }
        if (r.permissionsBoundaryPolicyInputList().size() == 1) {
            String id = "PermissionsBoundaryPolicyInputList.1";
            Policy b = parse(id, r.permissionsBoundaryPolicyInputList().get(0), PolicyKind.BOUNDARY);
            named.put(id, new Source(id, "none", b));
            boundary = new NamedPolicy(id, b); // replaces the entity's own, as AWS documents
        }
        NamedPolicy resourcePolicy = null;
        if (r.resourcePolicy() != null) {
            Policy rp = parse("ResourcePolicy", r.resourcePolicy(), PolicyKind.RESOURCE);
            named.put("ResourcePolicy", new Source("ResourcePolicy", "resource", rp));
            resourcePolicy = new NamedPolicy("ResourcePolicy", rp);
        }

        long statements = 0;
        for (NamedPolicy n : identity) {
            statements += n.policy().statementCount();
        }
        statements += boundary == null ? 0 : boundary.policy().statementCount();
        statements += resourcePolicy == null ? 0 : resourcePolicy.policy().statementCount();
        long evaluations = (long) r.actionNames().size() * resources.size();
        if (statements * evaluations > MAX_STATEMENT_MATCHES) {
            throw invalid("The simulation is too large: " + statements + " statements x " + evaluations
                    + " evaluations exceeds " + MAX_STATEMENT_MATCHES
                    + "; ask for fewer actions, resources or policies.");
        }
        long patternChars = 0;
        for (NamedPolicy n : identity) {
            patternChars += n.policy().sourceLength();
        }
        patternChars += boundary == null ? 0 : boundary.policy().sourceLength();
        patternChars += resourcePolicy == null ? 0 : resourcePolicy.policy().sourceLength();
        long longestValue = 64; // the principal's own keys and the action's name
        for (String res : resources) {
            longestValue = Math.max(longestValue, res.length());
        }
        for (String[] values : context.values()) {
            for (String v : values) {
                longestValue = Math.max(longestValue, v == null ? 0 : v.length());
            }
        }
        if (patternChars * longestValue * evaluations > MAX_MATCHING_STEPS) {
            throw invalid("The simulation is too large: " + patternChars + " characters of policies matched against"
                    + " values of up to " + longestValue + " characters in " + evaluations + " evaluations exceeds "
                    + MAX_MATCHING_STEPS + " steps; ask for fewer or shorter policies, values or evaluations.");
        }
        List<EvaluationResult> out = new ArrayList<>(r.actionNames().size() * resources.size());
        for (String action : r.actionNames()) {
            for (String resource : resources) {
                ResourceResult rr = evaluate(callerAccount, s.principal(), action, resource, owner, context,
                        identity, boundary, resourcePolicy, named);
                if (r.resourceArns().isEmpty()) {
                    out.add(new EvaluationResult(action, rr, List.of()));
                } else {
                    ResourceResult top = new ResourceResult(rr.resource(), rr.decision(), rr.matched(), List.of(),
                            rr.details(), rr.allowedByBoundary());
                    out.add(new EvaluationResult(action, top, List.of(rr)));
                }
            }
        }
        return out;
    }

    private ResourceResult evaluate(String callerAccount, PrincipalInfo principal, String action, String resource,
                                    String owner, Map<String, String[]> entries, List<NamedPolicy> identity,
                                    NamedPolicy boundary, NamedPolicy resourcePolicy, Map<String, Source> named) {
        var b = RequestContext.builder().action(action).resource(resource).principal(principal);
        Arn arn = Arn.parse(resource);
        if (arn != null && arn.account().equals(callerAccount)) {
            contexts.withResource(b, resource);
        }
        entries.forEach(b::put);
        if (owner != null) {
            b.put("aws:ResourceAccount", owner);
        }
        RequestContext ctx = b.build();
        Decision d;
        if (resourcePolicy != null) {
            String account = owner != null ? owner : ctx.resourceAccount() != null ? ctx.resourceAccount()
                    : principal.accountId();
            d = Evaluator.evaluateWithResourcePolicy(ctx, resourcePolicy, account, identity, null, boundary);
        } else {
            d = Evaluator.evaluate(ctx, identity, null, boundary);
        }
        Set<String> missing = new LinkedHashSet<>();
        identity.forEach(n -> n.policy().missingContextKeys(ctx, missing));
        if (boundary != null) {
            boundary.policy().missingContextKeys(ctx, missing);
        }
        if (resourcePolicy != null) {
            resourcePolicy.policy().missingContextKeys(ctx, missing);
        }
        List<MatchedStatement> matched = new ArrayList<>(d.deciding().size());
        for (DecidingStatement ds : d.deciding()) {
            matched.add(matched(ds, named));
        }
        Map<String, Outcome> details = resource.equals("*") ? null
                : resourcePolicy == null ? Map.of() : details(d);
        Boolean byBoundary = boundary == null ? null
                : Evaluator.evaluate(ctx, List.of(boundary), null, null).allowed();
        return new ResourceResult(resource, d.outcome(), matched, List.copyOf(missing), details, byBoundary);
    }

    /**
     * Each policy type's part in the decision, from its deciding statements: an explicit deny when one of its
     * statements denied, allowed when one of its Allows counted, else an implicit deny.
     */
    private static Map<String, Outcome> details(Decision d) {
        Map<String, Outcome> out = new TreeMap<>();
        out.put("IAM Policy", Outcome.IMPLICIT_DENY);
        out.put("Resource Policy", Outcome.IMPLICIT_DENY);
        for (DecidingStatement s : d.deciding()) {
            String layer = s.policyName().equals("ResourcePolicy") ? "Resource Policy" : "IAM Policy";
            Outcome o = s.effect() == Effect.DENY ? Outcome.EXPLICIT_DENY : Outcome.ALLOW;
            if (out.get(layer) != Outcome.EXPLICIT_DENY) {
                out.put(layer, o);
            }
        }
        return out;
    }

    private static MatchedStatement matched(DecidingStatement ds, Map<String, Source> named) {
        Source src = named.get(ds.policyName());
        if (src == null) {
            return new MatchedStatement(ds.policyName(), "none", null, null);
        }
        SourceSpan span = src.policy().statementSpan(ds.index());
        return new MatchedStatement(src.id(), src.type(),
                span == null ? null : new Position(span.startLine(), span.startColumn()),
                span == null ? null : new Position(span.endLine(), span.endColumn()));
    }

    // ---- the principal ------------------------------------------------------------------------------------------

    /** A user, role or group ARN; anything else is not a principal whose policies can be simulated. */
    private static Arn principalArn(String text) {
        Arn arn = text == null ? null : Arn.parse(text);
        if (arn == null || !arn.isIam() || !Set.of("user", "role", "group").contains(arn.resourceType())) {
            throw invalid("PolicySourceArn " + quote(text) + " must be the ARN of an IAM user, group or role.");
        }
        return arn;
    }

    /**
     * The principal of the caller's account that {@code arn} names, exactly (path included), with its policies as
     * the request path reads them; NoSuchEntity otherwise, another account's included.
     */
    private Subject subject(Caller c, Arn arn, String text, String callerArn, boolean needsCaller,
                            Map<String, Source> named) {
        String account = arn.account();
        String name = arn.name();
        if (!account.equals(c.accountId())) {
            throw noSuchEntity(text);
        }
        switch (arn.resourceType()) {
            case "user" -> {
                UserState u = view.user(account, name);
                if (u == null || !u.arn().equals(text)) {
                    throw noSuchEntity(text);
                }
                PrincipalPolicies p = sources.ofUser(u);
                PrincipalInfo who = callerArn != null ? callerUser(callerArn)
                        : new PrincipalInfo(u.arn(), u.arn(), account, PrincipalType.USER, u.userId(), u.userName(),
                        tags(u.tags()));
                return describe(who, p, named);
            }
            case "role" -> {
                RoleState role = view.role(account, name);
                if (role == null || !role.arn().equals(text)) {
                    throw noSuchEntity(text);
                }
                if (needsCaller && callerArn == null) {
                    throw invalid("CallerArn is required to simulate a resource policy for a role.");
                }
                PrincipalInfo who = callerArn != null ? callerUser(callerArn)
                        : new PrincipalInfo(Arn.assumedRole(account, role.roleName(), ROLE_SESSION).toString(),
                        role.arn(), account, PrincipalType.ASSUMED_ROLE, role.roleId() + ":" + ROLE_SESSION, null,
                        tags(role.tags()));
                return describe(who, sources.ofRole(role), named);
            }
            default -> {
                GroupState g = view.group(account, name);
                if (g == null || !g.arn().equals(text)) {
                    throw noSuchEntity(text);
                }
                if (needsCaller && callerArn == null) {
                    throw invalid("CallerArn is required to simulate a resource policy for a group.");
                }
                PrincipalInfo who = callerArn != null ? callerUser(callerArn)
                        : new PrincipalInfo(g.arn(), g.arn(), account, PrincipalType.USER, g.groupId(), null,
                        Map.of());
                return describe(who, sources.ofGroup(g), named);
            }
        }
    }

    /** Records how MatchedStatements name each of the principal's policies (see PolicySources' names). */
    private static Subject describe(PrincipalInfo who, PrincipalPolicies p, Map<String, Source> named) {
        for (NamedPolicy n : p.identity()) {
            int inline = n.name().indexOf(" inline ");
            if (inline > 0) { // "<owner ARN> inline <name>": an ARN has no space
                Arn owner = Arn.parse(n.name().substring(0, inline));
                String type = owner == null ? "none" : owner.resourceType();
                named.put(n.name(), new Source(n.name().substring(inline + " inline ".length()), type, n.policy()));
            } else {
                named.put(n.name(), managed(n.name(), n.policy()));
            }
        }
        if (p.boundary() != null) {
            String arn = p.boundary().name().substring("permissions boundary ".length());
            named.put(p.boundary().name(), managed(arn, p.boundary().policy()));
        }
        return new Subject(who, p.identity(), p.boundary());
    }

    private static Source managed(String policyArn, Policy policy) {
        Arn arn = Arn.parse(policyArn);
        return arn == null ? new Source(policyArn, "none", policy)
                : new Source(arn.name(), arn.account().equals("aws") ? "aws-managed" : "user-managed", policy);
    }

    /** CallerArn: an IAM user's ARN (AWS accepts no other); only its name and account are used, nothing is read. */
    private static PrincipalInfo callerUser(String callerArn) {
        Arn arn = Arn.parseIamUser(callerArn);
        if (arn == null) {
            throw invalid("CallerArn " + quote(callerArn) + " must be the ARN of an IAM user.");
        }
        return new PrincipalInfo(callerArn, callerArn, arn.account(), PrincipalType.USER, null, arn.name(), Map.of());
    }

    private static Map<String, String> tags(List<Tag> tags) {
        var out = new LinkedHashMap<String, String>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    /** ResourceOwner: an account's root ARN (arn:aws:iam::123456789012:root), or its account id. */
    private static String ownerAccount(String owner) {
        if (Arn.isAccountId(owner)) {
            return owner;
        }
        Arn arn = Arn.parseIamRoot(owner);
        if (arn == null) {
            throw invalid("ResourceOwner " + quote(owner) + " must be an account's ARN, such as "
                    + "arn:aws:iam::123456789012:root.");
        }
        return arn.account();
    }

    /** The ContextEntries, each key once, each value well formed for its type. */
    private static Map<String, String[]> context(List<ContextEntry> entries) {
        Map<String, String[]> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (ContextEntry e : entries) {
            String key = e.name();
            if (key == null || key.indexOf(':') <= 0 || key.indexOf(':') == key.length() - 1) {
                throw invalid("ContextKeyName " + quote(key) + " must have a service prefix, such as aws:SourceIp.");
            }
            if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                throw invalid("ContextKeyName " + quote(key) + " is given more than once.");
            }
            List<String> values = e.values() == null ? List.of() : e.values();
            if (values.isEmpty()) {
                throw invalid("ContextKeyValues of " + quote(key) + " must hold at least one value.");
            }
            for (String v : values) {
                if (v != null && v.length() > MAX_CONTEXT_VALUE_LENGTH) {
                    throw invalid("A value of " + quote(key) + " has " + v.length() + " characters; a context value"
                            + " may have at most " + MAX_CONTEXT_VALUE_LENGTH + ".");
                }
            }
            ContextKeyType type = e.type() == null ? (values.size() == 1 ? ContextKeyType.STRING
                    : ContextKeyType.STRING_LIST) : ContextKeyType.of(e.type());
            if (type == null) {
                throw invalid("ContextKeyType " + quote(e.type()) + " of " + quote(key) + " is not a known type.");
            }
            if (!type.isList() && values.size() != 1) {
                throw invalid("ContextKeyType " + type.wireName() + " of " + quote(key)
                        + " takes exactly one value; use " + type.wireName() + "List for several.");
            }
            for (String v : values) {
                if (v == null || !type.accepts(v)) {
                    throw invalid("Context value " + quote(v) + " of " + quote(key) + " is not a valid "
                            + type.wireName() + ".");
                }
            }
            out.put(key, values.toArray(String[]::new));
        }
        return out;
    }

    private static List<Policy> parseAll(String list, List<String> documents, PolicyKind kind) {
        List<Policy> out = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            out.add(parse(list + "." + (i + 1), documents.get(i), kind));
        }
        return out;
    }

    private static Policy parse(String where, String document, PolicyKind kind) {
        try {
            return Policy.parse(document, kind);
        } catch (MalformedPolicyDocumentException e) {
            throw invalid(where + " is not a valid policy: " + e.getMessage());
        }
    }

    /** The condition keys of the policies, each once whatever its case, as first written. */
    private static List<String> keys(List<Policy> policies) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Policy p : policies) {
            for (String k : p.conditionKeys()) {
                out.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
            }
        }
        return List.copyOf(out.values());
    }

    private static AwsException noSuchEntity(String arn) {
        return AwsException.noSuchEntity("The principal " + arn + " cannot be found.");
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidInput, message);
    }

    /** A value for a message, shortened: inputs may be long. */
    private static String quote(String s) {
        if (s == null) {
            return "(none)";
        }
        return "\"" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "\"";
    }
}

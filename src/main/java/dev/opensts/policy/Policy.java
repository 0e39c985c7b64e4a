package dev.opensts.policy;

import java.util.Objects;

/** A compiled policy document: immutable and thread-safe; evaluation never re-parses it. */
public final class Policy {
    static final String V2012 = "2012-10-17";
    static final String V2008 = "2008-10-17";

    private final PolicyKind kind;
    private final String version;
    private final String id;
    private final Statement[] statements;
    /** The condition keys the statements test, as first written, one per key whatever its case. */
    private final String[] conditionKeys;
    /** The document as written: the statements' positions are read from it when first asked for. */
    private final String source;
    /** Where each statement stands in {@link #source}; computed on first use (only the simulator asks). */
    private volatile SourceSpan[] spans;

    Policy(PolicyKind kind, String version, String id, Statement[] statements, String[] conditionKeys,
           String source) {
        this.kind = kind;
        this.version = version;
        this.id = id;
        this.statements = statements;
        this.conditionKeys = conditionKeys;
        this.source = source;
    }

    /** A document's size as IAM counts it for its quotas: its characters that are not whitespace. */
    public static int size(String document) {
        return PolicyParser.nonWhitespaceLength(document);
    }

    /**
     * Validates and compiles a policy document.
     *
     * @throws MalformedPolicyDocumentException with a message naming the statement, element and reason
     */
    public static Policy parse(String json, PolicyKind kind) throws MalformedPolicyDocumentException {
        return parse(json, kind, PrincipalBindings.NONE);
    }

    /**
     * Validates and compiles a resource policy whose IAM user and role principals are bound to the unique ids
     * they stood for when it was saved (see {@link PrincipalBindings}).
     */
    public static Policy parse(String json, PolicyKind kind, PrincipalBindings bindings)
            throws MalformedPolicyDocumentException {
        Objects.requireNonNull(kind, "kind");
        if (json == null) {
            throw new MalformedPolicyDocumentException("Syntax errors in policy.");
        }
        return PolicyParser.parse(json, kind, bindings);
    }

    /** The Version element; "2008-10-17" when the document has none (AWS's default). */
    public String version() {
        return version;
    }

    /** The Id element, or null. */
    public String id() {
        return id;
    }

    public PolicyKind kind() {
        return kind;
    }

    public int statementCount() {
        return statements.length;
    }

    /** The length of the document as written (0 when not kept): a bound on its patterns' characters. */
    public int sourceLength() {
        return source == null ? 0 : source.length();
    }

    /**
     * Whether an Allow statement's Action (or NotAction) covers at least one of the actions, whatever its resources
     * and conditions: IAM's ListPoliciesGrantingServiceAccess, which reports the policies that grant some access to
     * a service.
     *
     * @param actions "service:action" names
     */
    public boolean allowsAnyOf(java.util.Collection<String> actions) {
        for (Statement s : statements) {
            if (s.effect() != Effect.ALLOW) {
                continue;
            }
            for (String a : actions) {
                if (s.action().matches(a.toLowerCase(java.util.Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    Statement[] statements() {
        return statements;
    }

    /** The condition keys the policy's statements test, in the order and case they are first written. */
    public java.util.List<String> conditionKeys() {
        return java.util.List.of(conditionKeys);
    }

    /**
     * Where statement {@code index} (as in {@link DecidingStatement#index()}) stands in the source document. Read
     * from the document on the first call, by a streaming pass, and kept: parsing and evaluation never pay for it.
     */
    public SourceSpan statementSpan(int index) {
        SourceSpan[] s = spans;
        if (s == null) {
            s = PolicyParser.statementSpans(source);
            spans = s; // racing first calls compute the same value
        }
        return index >= 0 && index < s.length ? s[index] : null;
    }

    /**
     * Adds to {@code into} the condition keys (as written) of the statements whose action and resource apply to the
     * request but which test a key the request does not carry: what the policy simulator reports as
     * MissingContextValues. Not on the evaluation path.
     */
    public void missingContextKeys(RequestContext ctx, java.util.Set<String> into) {
        for (Statement s : statements) {
            s.missingKeys(ctx, lower -> into.add(asWritten(lower)));
        }
    }

    private String asWritten(String lowerKey) {
        for (String k : conditionKeys) {
            if (k.equalsIgnoreCase(lowerKey)) {
                return k;
            }
        }
        return lowerKey;
    }

    /**
     * Whether {@code action} names one action, "service:Action", as the policy simulator's ActionNames must: the
     * form a statement's Action accepts, without wildcards.
     */
    public static boolean isActionName(String action) {
        return action != null && action.indexOf('*') < 0 && action.indexOf('?') < 0
                && ActionMatcher.isWellFormed(action);
    }
}

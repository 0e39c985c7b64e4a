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

    Policy(PolicyKind kind, String version, String id, Statement[] statements) {
        this.kind = kind;
        this.version = version;
        this.id = id;
        this.statements = statements;
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
}

package dev.opensts.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Validates a policy document and compiles it into {@link Statement}s. Every rejection names where and why. */
final class PolicyParser {
    /** Configured once, never changed: Jackson mappers are thread-safe after configuration. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS = Set.of("Sid", "Effect", "Principal", "NotPrincipal",
            "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Federated", "Service", "CanonicalUser");

    /**
     * The longest document parsed at all (IAM's PolicyDocumentType): the ceiling on parsing work. The quotas on
     * what may be stored (dev.opensts.iam.Quotas) are far below it.
     */
    static final int MAX_DOCUMENT_CHARS = 131072;
    private static final String[] NO_KEYS = new String[0];

    private final PolicyKind kind;
    private final PrincipalBindings bindings;
    private boolean variables;
    /** Condition keys by their lower-case form, as first written; null until the first one. */
    private Map<String, String> conditionKeys;
    private String source;

    private PolicyParser(PolicyKind kind, PrincipalBindings bindings) {
        this.kind = kind;
        this.bindings = bindings;
    }

    static Policy parse(String json, PolicyKind kind) {
        return parse(json, kind, PrincipalBindings.NONE);
    }

    static Policy parse(String json, PolicyKind kind, PrincipalBindings bindings) {
        int length = nonWhitespaceLength(json);
        if (length > MAX_DOCUMENT_CHARS) {
            throw new MalformedPolicyDocumentException("Policy document length " + length
                    + " exceeds the limit of " + MAX_DOCUMENT_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedPolicyDocumentException("Syntax errors in policy.");
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedPolicyDocumentException("Syntax errors in policy.");
        }
        PolicyParser parser = new PolicyParser(kind, PrincipalBindings.orNone(bindings));
        parser.source = json;
        return parser.document(root);
    }

    /**
     * Where each statement stands in the text, by a streaming pass over a document the tree parser has accepted
     * (see {@link Policy#statementSpan}: only when asked, never per parse or evaluation). Empty when the document has
     * no Statement to find.
     */
    static SourceSpan[] statementSpans(String json) {
        List<SourceSpan> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new SourceSpan[0];
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals("Statement")) {
                    p.skipChildren();
                    continue;
                }
                if (value == JsonToken.START_OBJECT) {
                    out.add(span(p));
                } else if (value == JsonToken.START_ARRAY) {
                    for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        if (t == JsonToken.START_OBJECT) {
                            out.add(span(p));
                        } else {
                            p.skipChildren();
                            out.add(null);
                        }
                    }
                }
                break;
            }
        } catch (java.io.IOException e) {
            // the tree parser accepted the text: unreachable, and positions are only informative
        }
        return out.toArray(SourceSpan[]::new);
    }

    private static SourceSpan span(JsonParser p) throws java.io.IOException {
        JsonLocation start = p.currentTokenLocation();
        p.skipChildren();
        JsonLocation end = p.currentTokenLocation();
        return new SourceSpan(start.getLineNr(), start.getColumnNr(), end.getLineNr(), end.getColumnNr());
    }

    static int nonWhitespaceLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private Policy document(JsonNode root) {
        if (!root.isObject()) {
            throw fail("Policy document must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!TOP_LEVEL.contains(name)) {
                throw fail("Unknown element \"" + name + "\" at the top level; allowed are Version, Id, Statement");
            }
        }
        String version = Policy.V2008;
        JsonNode v = root.get("Version");
        if (v != null) {
            if (!v.isTextual() || !(v.asText().equals(Policy.V2012) || v.asText().equals(Policy.V2008))) {
                throw fail("Version must be \"2012-10-17\" or \"2008-10-17\", got " + show(v));
            }
            version = v.asText();
        }
        variables = version.equals(Policy.V2012);
        String id = null;
        JsonNode idNode = root.get("Id");
        if (idNode != null) {
            if (!idNode.isTextual()) {
                throw fail("Id must be a string, got " + show(idNode));
            }
            id = idNode.asText();
        }
        JsonNode st = root.get("Statement");
        if (st == null) {
            throw fail("Policy document must contain a Statement element");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (st.isArray()) {
            st.forEach(nodes::add);
        } else if (st.isObject()) {
            nodes.add(st);
        } else {
            throw fail("Statement must be an object or an array of objects, got " + show(st));
        }
        if (nodes.isEmpty()) {
            throw fail("Statement must not be empty");
        }
        Statement[] statements = new Statement[nodes.size()];
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < statements.length; i++) {
            statements[i] = statement(i, nodes.get(i), sids);
        }
        return new Policy(kind, version, id, statements,
                conditionKeys == null ? NO_KEYS : conditionKeys.values().toArray(String[]::new), source);
    }

    private Statement statement(int index, JsonNode node, Set<String> sids) {
        String where = "Statement[" + index + "]";
        if (!node.isObject()) {
            throw fail(where + " must be a JSON object, got " + show(node));
        }
        String sid = null;
        JsonNode sidNode = node.get("Sid");
        if (sidNode != null) {
            if (!sidNode.isTextual()) {
                throw fail(where + ": Sid must be a string, got " + show(sidNode));
            }
            sid = sidNode.asText();
            where = where + " (Sid \"" + sid + "\")";
            // IAM accepts only ASCII letters and digits in the Sid of identity-based policies
            if (!kind.isResourcePolicy() && !sid.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
                throw fail(where + ": Sid must contain only letters A-Z, a-z and digits 0-9");
            }
            if (!sid.isEmpty() && !sids.add(sid)) {
                throw fail(where + ": Sid must be unique within the policy");
            }
        }
        final String at = where;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!STATEMENT_ELEMENTS.contains(name)) {
                throw fail(at + ": unknown element \"" + name + "\"");
            }
        }

        JsonNode e = node.get("Effect");
        if (e == null) {
            throw fail(at + ": Effect is required");
        }
        Effect effect = switch (e.isTextual() ? e.asText() : "") {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw fail(at + ": Effect must be Allow or Deny, got " + show(e));
        };

        PrincipalMatcher principal = principal(at, node, effect);

        JsonNode action = node.get("Action");
        JsonNode notAction = node.get("NotAction");
        if (action != null && notAction != null) {
            throw fail(at + ": must not contain both Action and NotAction");
        }
        if (action == null && notAction == null) {
            throw fail(at + ": Action or NotAction is required");
        }
        String actionElement = action != null ? "Action" : "NotAction";
        String[] actions = strings(at, actionElement, action != null ? action : notAction);
        for (String a : actions) {
            if (!ActionMatcher.isWellFormed(a)) {
                throw fail(at + ": " + actionElement + " \"" + a
                        + "\" must be \"*\" or a service prefix and action, e.g. \"iam:CreateRole\"");
            }
        }
        ActionMatcher actionMatcher = ActionMatcher.compile(notAction != null, actions);

        ResourceMatcher resource = resource(at, node);
        Condition[] conditions = conditions(at, node.get("Condition"));
        return new Statement(index, sid, effect, principal, actionMatcher, resource, conditions);
    }

    private PrincipalMatcher principal(String at, JsonNode node, Effect effect) {
        JsonNode p = node.get("Principal");
        JsonNode np = node.get("NotPrincipal");
        if (!kind.isResourcePolicy()) {
            if (p != null || np != null) {
                throw fail(at + ": " + (p != null ? "Principal" : "NotPrincipal")
                        + " is not allowed in " + kindName() + "; the principal is the identity it applies to");
            }
            return null;
        }
        if (p != null && np != null) {
            throw fail(at + ": must not contain both Principal and NotPrincipal");
        }
        if (p == null && np == null) {
            throw fail(at + ": Principal or NotPrincipal is required in a trust policy");
        }
        if (np != null && effect != Effect.DENY) {
            // AWS: NotPrincipal must be used with Deny; with Allow it would grant to everyone else, anonymous included
            throw fail(at + ": NotPrincipal can only be used with \"Effect\": \"Deny\"");
        }
        String element = p != null ? "Principal" : "NotPrincipal";
        JsonNode value = p != null ? p : np;
        List<PrincipalEntry> entries = new ArrayList<>();
        if (value.isTextual()) {
            if (!value.asText().equals("*")) {
                throw fail(at + ": " + element + " must be \"*\" or an object such as {\"AWS\": \"123456789012\"}, got "
                        + show(value));
            }
            entries.add(new PrincipalEntry.Anyone());
        } else if (value.isObject()) {
            if (value.isEmpty()) {
                throw fail(at + ": " + element + " must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String type = f.getKey();
                if (!PRINCIPAL_TYPES.contains(type)) {
                    throw fail(at + ": " + element + " type \"" + type
                            + "\" is not recognised; use AWS, Federated, Service or CanonicalUser");
                }
                for (String s : strings(at, element + "." + type, f.getValue())) {
                    entries.add(principalEntry(at, element, type, s));
                }
            }
        } else {
            throw fail(at + ": " + element + " must be \"*\" or an object, got " + show(value));
        }
        return new PrincipalMatcher(np != null, entries.toArray(PrincipalEntry[]::new));
    }

    private PrincipalEntry principalEntry(String at, String element, String type, String s) {
        String prefix = at + ": " + element + "." + type + ": ";
        if (s.isBlank()) {
            throw fail(prefix + "value must not be empty");
        }
        return switch (type) {
            case "AWS" -> {
                try {
                    yield PrincipalEntry.parseAws(s, bindings);
                } catch (IllegalArgumentException ex) {
                    throw fail(prefix + ex.getMessage());
                }
            }
            case "Federated", "Service", "CanonicalUser" -> {
                if (s.indexOf('*') >= 0 || s.indexOf('?') >= 0) {
                    throw fail(prefix + "Invalid principal \"" + s + "\": wildcards are not allowed here");
                }
                yield switch (type) {
                    case "Federated" -> new PrincipalEntry.Federated(s);
                    case "Service" -> new PrincipalEntry.Service(s);
                    default -> new PrincipalEntry.CanonicalUser(s);
                };
            }
            default -> throw new IllegalStateException(type);
        };
    }

    private ResourceMatcher resource(String at, JsonNode node) {
        JsonNode r = node.get("Resource");
        JsonNode nr = node.get("NotResource");
        if (kind == PolicyKind.TRUST) {
            // AWS rejects Resource in a role trust policy ("Has prohibited field Resource"): the role is the resource
            if (r != null || nr != null) {
                throw fail(at + ": " + (r != null ? "Resource" : "NotResource")
                        + " is not allowed in a trust policy; the resource is the role itself");
            }
            return null;
        }
        if (kind == PolicyKind.RESOURCE && r == null && nr == null) {
            return null; // a resource policy applies to the resource it is attached to
        }
        if (r != null && nr != null) {
            throw fail(at + ": must not contain both Resource and NotResource");
        }
        if (r == null && nr == null) {
            throw fail(at + ": Resource or NotResource is required");
        }
        String element = r != null ? "Resource" : "NotResource";
        String[] values = strings(at, element, r != null ? r : nr);
        ArnPattern[] patterns = new ArnPattern[values.length];
        for (int i = 0; i < values.length; i++) {
            patterns[i] = ArnPattern.compile(values[i], variables);
            if (!patterns[i].isArnShaped()) {
                throw fail(at + ": " + element + " \"" + values[i]
                        + "\" must be \"*\" or an ARN of the form arn:partition:service:region:account:resource");
            }
        }
        return new ResourceMatcher(nr != null, patterns);
    }

    private Condition[] conditions(String at, JsonNode c) {
        if (c == null) {
            return new Condition[0];
        }
        if (!c.isObject()) {
            throw fail(at + ": Condition must be an object of operators, got " + show(c));
        }
        List<Condition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            String opName = op.getKey();
            String where = at + ": Condition " + opName;
            Operators.Parsed parsed;
            try {
                parsed = Operators.parse(opName);
            } catch (IllegalArgumentException ex) {
                throw fail(at + ": " + ex.getMessage());
            }
            JsonNode keys = op.getValue();
            if (!keys.isObject() || keys.isEmpty()) {
                throw fail(where + " must map condition keys to values, got " + show(keys));
            }
            for (Iterator<Map.Entry<String, JsonNode>> kit = keys.fields(); kit.hasNext(); ) {
                Map.Entry<String, JsonNode> k = kit.next();
                String key = k.getKey();
                int colon = key.indexOf(':');
                if (colon <= 0 || colon == key.length() - 1) {
                    throw fail(where + ": key \"" + key + "\" must have a service prefix, e.g. \"aws:SourceIp\"");
                }
                List<String> values = conditionValues(where + ": key \"" + key + "\"", k.getValue());
                String lower = key.toLowerCase(Locale.ROOT);
                if (conditionKeys == null) {
                    conditionKeys = new LinkedHashMap<>();
                }
                conditionKeys.putIfAbsent(lower, key);
                if (parsed.isNull()) {
                    boolean[] expect = new boolean[values.size()];
                    for (int i = 0; i < expect.length; i++) {
                        String b = values.get(i).toLowerCase(Locale.ROOT);
                        if (!b.equals("true") && !b.equals("false")) {
                            throw fail(where + ": key \"" + key + "\": value \"" + values.get(i)
                                    + "\" is not true or false");
                        }
                        expect[i] = b.equals("true");
                    }
                    out.add(new NullCondition(lower, expect));
                    continue;
                }
                ValueTest test;
                try {
                    test = parsed.base().family().compile(parsed.base().positive(), values, variables);
                } catch (IllegalArgumentException ex) {
                    throw fail(where + ": key \"" + key + "\": value " + ex.getMessage());
                }
                out.add(new ValueCondition(lower, parsed.qualifier(), parsed.base().negated(), parsed.ifExists(),
                        test));
            }
        }
        return out.toArray(Condition[]::new);
    }

    /** Condition values: a scalar or a non-empty array of scalars (AWS accepts unquoted numbers and booleans). */
    private List<String> conditionValues(String where, JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            if (v.isEmpty()) {
                throw fail(where + ": value list must not be empty");
            }
            for (JsonNode x : v) {
                out.add(scalar(where, x));
            }
        } else {
            out.add(scalar(where, v));
        }
        return out;
    }

    private String scalar(String where, JsonNode x) {
        if (x.isTextual()) {
            return x.asText();
        }
        if (x.isNumber() || x.isBoolean()) {
            return x.asText();
        }
        throw fail(where + ": values must be strings, numbers or booleans, got " + show(x));
    }

    /** A string or a non-empty array of strings. */
    private String[] strings(String at, String element, JsonNode v) {
        if (v.isTextual()) {
            return new String[] {v.asText()};
        }
        if (v.isArray()) {
            if (v.isEmpty()) {
                throw fail(at + ": " + element + " must not be empty");
            }
            String[] out = new String[v.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode x = v.get(i);
                if (!x.isTextual()) {
                    throw fail(at + ": " + element + " must be a string or an array of strings, got " + show(x));
                }
                out[i] = x.asText();
            }
            return out;
        }
        throw fail(at + ": " + element + " must be a string or an array of strings, got " + show(v));
    }

    private String kindName() {
        return switch (kind) {
            case TRUST -> "a trust policy";
            case ROLE_INLINE, USER_INLINE, MANAGED -> "an identity-based policy";
            case SESSION -> "a session policy";
            case BOUNDARY -> "a permissions boundary";
            case RESOURCE -> "a resource-based policy";
        };
    }

    /** A JSON value for an error message, shortened so messages stay readable. */
    private static String show(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static MalformedPolicyDocumentException fail(String message) {
        return new MalformedPolicyDocumentException(message);
    }
}

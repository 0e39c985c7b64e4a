package dev.opensts.app.auth;

import dev.opensts.app.Caller;
import dev.opensts.credentials.AuthorizationMessageCodec;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Effect;
import dev.opensts.policy.Outcome;
import dev.opensts.policy.RequestContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The encoded authorization failure message AWS appends to an AccessDenied ("... Encoded authorization failure
 * message: ..."): the refused principal, action, resource, request context and deciding statements as AWS's
 * DecodeAuthorizationMessage document, sealed for the principal's account ({@link AuthorizationMessageCodec}).
 * Made only when a request is refused, from what the refusal already holds: an allowed request pays nothing. Its
 * cost is bounded: values are cut to {@value #MAX_VALUE_CHARS} characters and at most {@value #MAX_CONDITIONS}
 * context keys are listed, so that a flood of denials costs no more than a JSON document of a few kilobytes and one
 * AES-GCM seal each.
 */
public final class AuthorizationMessages {
    /** What separates the plain-text reason from the encoded message, as AWS writes it. */
    public static final String MARKER = "Encoded authorization failure message: ";
    static final int MAX_VALUE_CHARS = 256;
    static final int MAX_CONDITIONS = 64;

    private final AuthorizationMessageCodec codec;

    public AuthorizationMessages(AuthorizationMessageCodec codec) {
        this.codec = codec;
    }

    /**
     * The failure as an authenticated caller is told it: a refusal by policy ({@link AccessDenied}, what the
     * evaluator decided) gets its encoded message appended; anything else is returned as it is: another error, an
     * unauthenticated request ({@code caller} null), and the refusals by rule that no policy decided (a session kind
     * an action refuses, a wrong MFA code: AWS answers those with their sentence alone).
     *
     * @param action the action as policies name it (sts:AssumeRole, iam:CreateRole), for a refusal that does not
     *               name its own
     */
    public Throwable attach(Caller caller, String action, Throwable failure) {
        Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (caller == null || !(f instanceof AccessDenied denied) || denied.getMessage() == null
                || denied.getMessage().contains(MARKER)) {
            return failure;
        }
        action = denied.action() != null ? denied.action() : action;
        String resource = denied.resource() != null ? denied.resource() : "*";
        Decision decision = denied.decision();
        RequestContext context = denied.context();
        String encoded = codec.seal(caller.accountId(), document(caller, action, resource, decision, context));
        return new AwsException(ErrorCode.AccessDenied, denied.getMessage() + " " + MARKER + encoded);
    }

    /** AWS's decoded document, cut down until it fits in a message DecodeAuthorizationMessage accepts. */
    String document(Caller caller, String action, String resource, Decision decision, RequestContext context) {
        // what the context knew of another account's resource (its tags, its boundary) is that account's business
        boolean foreign = context != null && context.resourceAccount() != null
                && !context.resourceAccount().equals(caller.accountId());
        List<Map.Entry<String, String[]>> conditions = context == null ? List.of()
                : context.entries().entrySet().stream().filter(c -> !foreign || !aboutTheResource(c.getKey()))
                .sorted(Map.Entry.comparingByKey()).limit(MAX_CONDITIONS).toList();
        List<DecidingStatement> statements = decision == null ? List.of() : decision.deciding();
        int max = codec.maxDocumentBytes();
        while (true) {
            String doc = render(caller, action, resource, decision, statements, conditions);
            // UTF-8 takes at most 3 bytes per char of a String
            if (doc.length() * 3 <= max || doc.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= max) {
                return doc;
            }
            if (!conditions.isEmpty()) {
                conditions = conditions.subList(0, conditions.size() / 2);
            } else if (!statements.isEmpty()) {
                statements = statements.subList(0, statements.size() / 2);
            } else {
                return render(caller, cut(action), cut(resource), decision, List.of(), List.of());
            }
        }
    }

    private static String render(Caller caller, String action, String resource, Decision decision,
                                 List<DecidingStatement> statements, List<Map.Entry<String, String[]>> conditions) {
        var j = new StringBuilder(1024);
        boolean explicit = decision != null && decision.outcome() == Outcome.EXPLICIT_DENY;
        j.append("{\"allowed\":false,\"explicitDeny\":").append(explicit).append(",\"matchedStatements\":{\"items\":[");
        for (int i = 0; i < statements.size(); i++) {
            DecidingStatement s = statements.get(i);
            j.append(i == 0 ? "" : ",").append("{\"statementId\":");
            quote(j, s.sid() != null ? s.sid() : s.policyName() + " statement " + s.index());
            j.append(",\"effect\":\"").append(s.effect() == Effect.DENY ? "DENY" : "ALLOW").append('"');
            j.append(",\"principals\":{\"items\":[{\"value\":");
            quote(j, caller.userId());
            j.append("}]},\"principalGroups\":{\"items\":[]},\"actions\":{\"items\":[]},"
                    + "\"resources\":{\"items\":[]},\"conditions\":{\"items\":[]}}");
        }
        j.append("]},\"failures\":{\"items\":[]},\"context\":{\"principal\":{\"id\":");
        quote(j, caller.userId());
        j.append(",\"name\":");
        quote(j, principalName(caller));
        j.append(",\"arn\":");
        quote(j, caller.arn());
        j.append("},\"action\":");
        quote(j, action);
        j.append(",\"resource\":");
        quote(j, resource);
        j.append(",\"conditions\":{\"items\":[");
        for (int i = 0; i < conditions.size(); i++) {
            var c = conditions.get(i);
            j.append(i == 0 ? "" : ",").append("{\"key\":");
            quote(j, c.getKey());
            j.append(",\"values\":{\"items\":[");
            String[] values = c.getValue();
            for (int k = 0; k < values.length && k < MAX_CONDITIONS; k++) {
                j.append(k == 0 ? "" : ",").append("{\"value\":");
                quote(j, cut(values[k]));
                j.append('}');
            }
            j.append("]}}");
        }
        j.append("]}}}");
        return j.toString();
    }

    private static boolean aboutTheResource(String lowerKey) {
        return lowerKey.startsWith("iam:resourcetag/") || lowerKey.startsWith("aws:resourcetag/")
                || lowerKey.equals("iam:permissionsboundary");
    }

    /** The principal's name as AWS's document has it: a user's name, a role session's role, a federated user's. */
    private static String principalName(Caller caller) {
        var s = caller.session();
        return switch (caller.type()) {
            case USER -> caller.userName();
            case ASSUMED_ROLE -> s == null ? null : s.roleName();
            case FEDERATED -> s == null ? null : s.sessionName();
            case ROOT -> caller.accountId();
            default -> null;
        };
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS);
    }

    /** A JSON string (or null), escaped as RFC 8259 requires. */
    static void quote(StringBuilder j, String s) {
        if (s == null) {
            j.append("null");
            return;
        }
        j.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> j.append("\\\"");
                case '\\' -> j.append("\\\\");
                case '\n' -> j.append("\\n");
                case '\r' -> j.append("\\r");
                case '\t' -> j.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        j.append(String.format("\\u%04x", (int) c));
                    } else {
                        j.append(c);
                    }
                }
            }
        }
        j.append('"');
    }
}

package dev.opensts.app.auth;

import dev.opensts.app.audit.AuditRecords;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.Decision;
import dev.opensts.policy.RequestContext;

/**
 * AccessDenied with the policy decision that refused it, for the audit record's decision and deciding statements,
 * and, when known, the action, resource and request context it was refused for (the encoded authorization failure
 * message, {@link AuthorizationMessages}); each may be null.
 */
public final class AccessDenied extends AwsException implements AuditRecords.Refusal {
    private final transient Decision decision;
    private final String action;
    private final String resource;
    private final transient RequestContext context;

    public AccessDenied(String message, Decision decision) {
        this(message, decision, null, null, null);
    }

    public AccessDenied(String message, Decision decision, String action, String resource, RequestContext context) {
        super(ErrorCode.AccessDenied, message);
        this.decision = decision;
        this.action = action;
        this.resource = resource;
        this.context = context;
    }

    @Override
    public Decision decision() {
        return decision;
    }

    public String action() {
        return action;
    }

    public String resource() {
        return resource;
    }

    public RequestContext context() {
        return context;
    }
}

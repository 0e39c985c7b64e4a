package dev.opensts.app.auth;

import dev.opensts.app.audit.AuditRecords;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.Decision;

/** AccessDenied with the policy decision that refused it, for the audit record's decision and deciding statements. */
public final class AccessDenied extends AwsException implements AuditRecords.Refusal {
    private final transient Decision decision;

    public AccessDenied(String message, Decision decision) {
        super(ErrorCode.AccessDenied, message);
        this.decision = decision;
    }

    @Override
    public Decision decision() {
        return decision;
    }
}

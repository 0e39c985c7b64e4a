package dev.opensts.app.audit;

import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord.Service;
import dev.opensts.app.audit.AuditRecord.TlsDetails;
import dev.opensts.app.audit.AuditRecord.UserIdentity;

import java.util.Map;

/**
 * A request as the trail sees it before it runs: which action of which service, who asked (CloudTrail's
 * userIdentity), from where, and with what parameters (already free of secrets: the adapter renders them from
 * the model, leaving out what it marks sensitive).
 *
 * @param recipientAccountId the account the request is about: the record's key
 * @param region             the region the request was signed for; null when unknown
 * @param tls                the connection's TLS, or null over plain HTTP
 */
public record Call(Service service, String action, String requestId, UserIdentity identity,
                   String recipientAccountId, String sourceIp, String userAgent, String region, TlsDetails tls,
                   Map<String, Object> parameters) {

    /** An authenticated caller's request, about its own account. */
    public static Call of(Service service, String action, String requestId, Caller caller, TlsDetails tls,
                          Map<String, Object> parameters) {
        return new Call(service, action, requestId, AuditRecords.identity(caller), caller.accountId(),
                caller.sourceIp(), caller.userAgent(), caller.requestedRegion(), tls, parameters);
    }

    public Call withRecipient(String account) {
        return new Call(service, action, requestId, identity, account, sourceIp, userAgent, region, tls, parameters);
    }

    public Call withParameters(Map<String, Object> p) {
        return new Call(service, action, requestId, identity, recipientAccountId, sourceIp, userAgent, region, tls, p);
    }

    public boolean readOnly() {
        return AuditRecords.readOnly(action);
    }
}

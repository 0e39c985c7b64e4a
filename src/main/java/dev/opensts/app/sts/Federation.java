package dev.opensts.app.sts;

import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord.Kind;
import dev.opensts.app.audit.AuditRecords;
import io.smallrye.mutiny.Uni;

/**
 * GetFederationToken, end to end: decided by {@link GetFederationToken}, recorded on the audit trail (the caller,
 * the parameters, the issued key id and the federated user; never the secret or token), answered by the
 * {@link Issuer} once the record is durable, as every issuing action is.
 */
public final class Federation {
    private final GetFederationToken decider;
    private final Issuer issuer;
    private final AuditRecords records;

    public Federation(GetFederationToken decider, Issuer issuer, AuditRecords records) {
        this.decider = decider;
        this.issuer = issuer;
        this.records = records;
    }

    public Uni<IssuedCredentials> getFederationToken(Caller caller, FederationTokenRequest req, String requestId) {
        return Uni.createFrom().deferred(() -> {
            Issuance outcome = decider.decide(caller, req);
            var record = switch (outcome) {
                case Issuance.Issued i -> records.grantedFederatedUser(requestId, caller, req.auditParameters(),
                        i.credentials().claims(), i.credentials().packedPolicySize());
                case Issuance.Denied d -> records.denied(Kind.GetFederationToken, requestId, caller,
                        req.auditParameters(), null, d.error(), d.decision());
            };
            return issuer.complete(record, outcome);
        });
    }
}

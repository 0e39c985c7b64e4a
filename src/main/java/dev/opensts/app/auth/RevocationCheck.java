package dev.opensts.app.auth;

import dev.opensts.app.audit.AuditLog;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.view.Revocations;
import org.jboss.logging.Logger;

/**
 * The revocation check of an authenticated session: asks the revocation index and, for a revoked session,
 * records a RevokedSessionPresented event on the audit trail (fire-and-forget; never a secret or token).
 */
public final class RevocationCheck {
    private static final Logger LOG = Logger.getLogger(RevocationCheck.class);

    private final Revocations index;
    private final AuditLog log;
    private final AuditRecords records;

    public RevocationCheck(Revocations index, AuditLog log, AuditRecords records) {
        this.index = index;
        this.log = log;
        this.records = records;
    }

    boolean revoked(SessionClaims s, RequestInfo info) {
        if (!index.isRevoked(s)) {
            return false;
        }
        try {
            log.publish(records.revokedSessionPresented(info.requestId(), s, info.sourceIp(), info.userAgent()))
                    .subscribe().with(x -> { }, e -> LOG.debugf("RevokedSessionPresented record not written: %s",
                            e.toString()));
        } catch (RuntimeException e) {
            LOG.debugf("RevokedSessionPresented record not written: %s", e.toString());
        }
        return true;
    }
}

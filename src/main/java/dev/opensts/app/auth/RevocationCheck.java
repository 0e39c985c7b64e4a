package dev.opensts.app.auth;

import dev.opensts.app.audit.Trail;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.view.Revocations;

/**
 * The revocation check of an authenticated session: asks the revocation index and, for a revoked session,
 * records a RevokedSessionPresented event on the audit trail (its read path: asynchronous, bounded; never a
 * secret or token).
 */
public final class RevocationCheck {
    private final Revocations index;
    private final Trail trail;

    public RevocationCheck(Revocations index, Trail trail) {
        this.index = index;
        this.trail = trail;
    }

    boolean revoked(SessionClaims s, RequestInfo info) {
        if (!index.isRevoked(s)) {
            return false;
        }
        trail.buffer(trail.records().revokedSessionPresented(info.requestId(), s, info.sourceIp(), info.userAgent()));
        return true;
    }
}

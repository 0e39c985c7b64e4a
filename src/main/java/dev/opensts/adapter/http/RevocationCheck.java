package dev.opensts.adapter.http;

import dev.opensts.app.audit.IssuanceLog;
import dev.opensts.app.audit.IssuanceRecord;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.view.Revocations;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revocation check of an authenticated session: asks the revocation index and, for a revoked
 * session, records a RevokedSessionPresented event on the issuance topic (fire-and-forget; never a
 * secret or token).
 */
final class RevocationCheck {
    private static final Logger LOG = Logger.getLogger(RevocationCheck.class);

    private final Revocations index;
    private final IssuanceLog log;
    private final Clock clock;

    RevocationCheck(Revocations index, IssuanceLog log, Clock clock) {
        this.index = index;
        this.log = log;
        this.clock = clock;
    }

    boolean revoked(SessionClaims s, Authenticator.RequestInfo info) {
        if (!index.isRevoked(s)) {
            return false;
        }
        try {
            var identity = new LinkedHashMap<String, Object>();
            identity.put("type", s.kind().name());
            identity.put("principalId", s.principalId());
            identity.put("arn", s.principalArn());
            identity.put("accountId", s.accountId());
            identity.put("accessKeyId", s.accessKeyId());
            var params = new LinkedHashMap<String, Object>();
            params.put("issuedAt", s.issuedAt().toString());
            params.put("expiresAt", s.expiresAt().toString());
            if (s.roleArn() != null) {
                params.put("roleArn", s.roleArn());
            }
            if (s.sourceIdentity() != null) {
                params.put("sourceIdentity", s.sourceIdentity());
            }
            log.publish(new IssuanceRecord("RevokedSessionPresented", clock.instant(), RequestIds.next(),
                    s.accountId(), identity, info.sourceIp(), info.userAgent(), params, Map.of(),
                    "InvalidClientTokenId", "The security token included in the request is invalid.", "Deny",
                    List.of())).exceptionally(e -> {
                        LOG.debugf("RevokedSessionPresented record not written: %s", e.toString());
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.debugf("RevokedSessionPresented record not written: %s", e.toString());
        }
        return true;
    }
}

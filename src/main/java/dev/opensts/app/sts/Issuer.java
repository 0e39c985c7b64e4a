package dev.opensts.app.sts;

import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.Trail;
import io.smallrye.mutiny.Uni;

/**
 * Publishes the audit record of every issuance and denial, then answers. With synchronous audit (the default)
 * credentials are handed out only after the broker acknowledged their record (the trail's write path); when the
 * broker does not answer within the audit timeout (the log bounds its own wait), issuance fails closed with
 * ServiceUnavailable. A denial is answered whether or not its record made it (the trail's read path): nothing was
 * issued either way.
 */
public final class Issuer {
    private final Trail trail;
    private final boolean waitForAck;

    public Issuer(Trail trail, boolean waitForAck) {
        this.trail = trail;
        this.waitForAck = waitForAck;
    }

    public Uni<IssuedCredentials> complete(AuditRecord record, Issuance outcome) {
        return switch (outcome) {
            case Issuance.Denied denied -> {
                trail.buffer(record);
                yield Uni.createFrom().failure(denied.error());
            }
            case Issuance.Issued issued when !waitForAck -> {
                trail.buffer(record);
                yield Uni.createFrom().item(issued.credentials());
            }
            case Issuance.Issued issued -> trail.acknowledged(record,
                            "The audit log is unavailable; no credentials were issued. Retry later.")
                    .replaceWith(issued.credentials());
        };
    }
}

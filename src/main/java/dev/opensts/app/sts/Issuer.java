package dev.opensts.app.sts;

import dev.opensts.app.audit.AuditLog;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Publishes the audit record of every issuance and denial, then answers. With synchronous audit (the default)
 * credentials are handed out only after the broker acknowledged their record; when the broker does not answer
 * within the audit timeout (the log bounds its own wait), issuance fails closed with ServiceUnavailable. A
 * denial is answered whether or not its record made it: nothing was issued either way.
 */
public final class Issuer {
    private static final Logger LOG = Logger.getLogger(Issuer.class);

    private final AuditLog log;
    private final boolean waitForAck;

    public Issuer(AuditLog log, boolean waitForAck) {
        this.log = log;
        this.waitForAck = waitForAck;
    }

    public Uni<IssuedCredentials> complete(AuditRecord record, Issuance outcome) {
        // deferred: a log that throws instead of failing its Uni is a failed publication like any other, so a denial
        // keeps its own error and a grant fails closed
        Uni<Void> published = Uni.createFrom().deferred(() -> log.publish(record));
        return switch (outcome) {
            case Issuance.Denied denied -> {
                published.subscribe().with(x -> { }, e -> LOG.warnf("audit record of denied %s %s not written: %s",
                        record.kind(), record.requestId(), e.toString()));
                yield Uni.createFrom().failure(denied.error());
            }
            case Issuance.Issued issued when !waitForAck -> {
                published.subscribe().with(x -> { }, e -> LOG.errorf("audit record of %s %s not written: %s",
                        record.kind(), record.requestId(), e.toString()));
                yield Uni.createFrom().item(issued.credentials());
            }
            case Issuance.Issued issued -> published
                    .onFailure().transform(e -> {
                        LOG.warnf("audit log unavailable, %s %s refused: %s", record.kind(), record.requestId(),
                                e.toString());
                        return new AwsException(ErrorCode.ServiceUnavailable,
                                "The audit log is unavailable; no credentials were issued. Retry later.");
                    })
                    .replaceWith(issued.credentials());
        };
    }
}

package dev.opensts.app.audit;

import io.smallrye.mutiny.Uni;

/**
 * Where every issuance and denial is recorded: the audit topic. The Uni completes when the record is durable,
 * or fails; an implementation bounds that wait itself (the audit timeout), so that callers arm no timer of
 * their own per request. Nothing is sent until the Uni is subscribed to.
 */
@FunctionalInterface
public interface AuditLog {
    Uni<Void> publish(AuditRecord record);
}

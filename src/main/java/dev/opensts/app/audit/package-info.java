/**
 * Use-case layer: the audit trail. {@link dev.opensts.app.audit.AuditRecords} is the one builder that turns typed
 * values (caller, request, outcome, issued credential) into an {@link dev.opensts.app.audit.AuditRecord};
 * {@link dev.opensts.app.audit.AuditLog} is the port an adapter implements to publish it (docs/audit-events.md).
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.audit;

/**
 * Use-case layer: the audit index (the audit topic projected into a queryable store) and what is answered from it:
 * CloudTrail's LookupEvents, IAM's GetAccessKeyLastUsed and the credential report. {@link dev.opensts.app.trail.TrailEntry}
 * is what one record means for the index (the LookupEvents attributes it is found by); {@link
 * dev.opensts.app.trail.AuditIndex} is the store's port (implemented in the PostgreSQL adapter, fed by the
 * messaging adapter's consumer), so neither adapter knows the other.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.trail;

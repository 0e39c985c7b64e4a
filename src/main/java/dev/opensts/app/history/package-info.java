/**
 * Use-case layer: the history of the IAM entities, which event sourcing gives for free. For a role, user,
 * customer-managed policy or OpenID Connect provider of the caller's account: its state at any instant, folded from
 * its events with the same evolve functions the live view applies ({@link dev.opensts.iam.Aggregates}), and its
 * change history (each event with its time, actor and request id). The events come through the
 * {@link dev.opensts.app.history.EntityEvents} port (the PostgreSQL read model's {@code iam_events}). Authorized as
 * {@code opensts:GetEntityHistory} and {@code opensts:GetEntityStateAt} on the entity's ARN.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.history;

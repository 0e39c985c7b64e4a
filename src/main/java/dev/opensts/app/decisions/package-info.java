/**
 * Use-case layer: the decision endpoint's use case (docs/decision-endpoint.md): authenticate a presented request's
 * signature, then decide an action on a resource for that caller with the same policies and context as open-sts
 * itself.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.decisions;

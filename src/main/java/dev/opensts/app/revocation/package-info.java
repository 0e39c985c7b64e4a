/**
 * Use-case layer: revoking sessions at once on every replica ({@link dev.opensts.app.revocation.RevokeSessions}: by
 * role, session, principal or access key, cascading down role chains), appended through its log port and waited for
 * until this replica's index holds it.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.revocation;

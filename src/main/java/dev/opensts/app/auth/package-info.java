/**
 * Use-case layer: who is calling and what they may do. {@link dev.opensts.app.auth.Authenticator} verifies a SigV4
 * request against long-term keys in the view and session tokens (sealed, bound to the principal's unique id, not
 * revoked); {@link dev.opensts.app.auth.Authorizer} asks the policy engine with the request context
 * ({@link dev.opensts.app.auth.Contexts}: AWS's global condition keys per principal type).
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.auth;

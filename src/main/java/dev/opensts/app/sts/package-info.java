/**
 * Use-case layer: the STS actions. {@link dev.opensts.app.sts.Sts} is their facade; {@link dev.opensts.app.sts.AssumeRole}
 * and {@link dev.opensts.app.sts.GetSessionToken} decide an {@link dev.opensts.app.sts.Issuance} (issued or denied)
 * from the view and the policy engine; {@link dev.opensts.app.sts.Issuer} mints the credentials and publishes the
 * audit record before answering.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.sts;
